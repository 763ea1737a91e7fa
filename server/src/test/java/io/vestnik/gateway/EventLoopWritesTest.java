package io.vestnik.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import org.junit.jupiter.api.Test;

class EventLoopWritesTest {

    /** Each upgraded request runs on a duplicate of its loop's context: its connection must still join the loop's writes. */
    @Test
    void connections_on_one_event_loop_share_its_writes() {
        Vertx vertx = Vertx.vertx();
        try {
            ContextInternal loop = (ContextInternal) vertx.getOrCreateContext();
            EventLoopWrites writes = new EventLoopWrites(null);
            LoopWrites shared = writes.of(loop);
            assertThat(writes.of(loop.duplicate())).isSameAs(shared);
            assertThat(writes.of(loop.duplicate())).isSameAs(shared);
        } finally {
            vertx.close();
        }
    }
}
