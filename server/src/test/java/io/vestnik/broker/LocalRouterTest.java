package io.vestnik.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.metrics.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class LocalRouterTest {
    private final MemoryBroker broker = new MemoryBroker();
    private final LocalRouter router = new LocalRouter(broker, new Metrics("test"));

    /** A stand-in for an event loop: counts the tasks handed to it and runs them. */
    private static final class Loop implements Executor {
        int tasks;

        @Override
        public void execute(Runnable task) {
            tasks++;
            task.run();
        }
    }

    private record Member(String id, Executor executor, List<Envelope> got) implements Subscriber {
        @Override
        public void receive(Envelope envelope) {
            got.add(envelope);
        }

        @Override
        public void deliver(Envelope envelope) {
            got.add(envelope);
        }
    }

    @Test
    void hands_an_event_to_every_subscriber_of_a_thread_in_one_task_skipping_the_sender() {
        broker.start(router);
        Loop first = new Loop();
        Loop second = new Loop();
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Member member = new Member("c" + i, i % 2 == 0 ? first : second, new ArrayList<>());
            members.add(member);
            router.join("chat:7", member);
        }

        router.publish(Envelope.event("chat:7", 7, 1, "c0", "{\"type\":\"new_message\"}"));

        assertThat(first.tasks).isEqualTo(1);
        assertThat(second.tasks).isEqualTo(1);
        assertThat(members.getFirst().got()).as("the sender's connection got an ack instead").isEmpty();
        assertThat(members.subList(1, 100)).allSatisfy(member -> assertThat(member.got()).hasSize(1));
    }
}
