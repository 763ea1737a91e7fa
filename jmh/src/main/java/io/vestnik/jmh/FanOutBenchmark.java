package io.vestnik.jmh;

import io.vestnik.broker.Envelope;
import io.vestnik.broker.LocalRouter;
import io.vestnik.broker.MemoryBroker;
import io.vestnik.broker.Subscriber;
import io.vestnik.broker.Topics;
import io.vestnik.metrics.Metrics;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One node's fan-out: a {@code new_message} envelope published through the {@link LocalRouter}
 * over the in-process {@link MemoryBroker} reaches every local subscriber of the chat's topic
 * (the sender's connection is skipped, as for a real send). The subscribers only take the
 * envelope, so this is the router's own per-recipient cost; divide the time by
 * {@code subscribers} for it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FanOutBenchmark extends ShortRun {
    @Param({"100", "1000"})
    int subscribers;

    private LocalRouter router;
    private Envelope envelope;

    private record TakesEnvelope(String id, Blackhole blackhole) implements Subscriber {
        @Override
        public void receive(Envelope envelope) {
            blackhole.consume(envelope);
        }
    }

    @Setup
    public void subscribe(Blackhole blackhole) {
        MemoryBroker broker = new MemoryBroker();
        router = new LocalRouter(broker, new Metrics("jmh"));
        broker.start(router);
        String topic = Topics.chat(SampleMessage.CHAT_ID);
        for (int i = 0; i < subscribers; i++) {
            router.join(topic, new TakesEnvelope("connection-" + i, blackhole)).toCompletableFuture().join();
        }
        envelope = Envelope.event(topic, SampleMessage.CHAT_ID, 4_096, "connection-0", SampleMessage.frame(4_096));
    }

    @Benchmark
    public void publishToAll() {
        router.publish(envelope);
    }
}
