package io.vestnik.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vestnik.logging.RequestScope;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

/** Blocking work and its completion log with the id of the request they serve, though both change threads. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OffloadTest {

    @Test
    void offloaded_work_and_its_completion_see_the_request_id_of_their_context() throws Exception {
        RequestScope.register();
        Vertx vertx = Vertx.vertx();
        try (Offload offload = new Offload()) {
            Context context = vertx.getOrCreateContext();
            RequestScope.bind(context, "req-42");
            CompletableFuture<String> onCompletion = new CompletableFuture<>();
            CompletableFuture<String> inWork = new CompletableFuture<>();
            context.runOnContext(ignored -> offload.call(context, () -> {
                        inWork.complete(MDC.get(RequestScope.MDC_KEY));
                        return "done";
                    }).onComplete(done -> onCompletion.complete(MDC.get(RequestScope.MDC_KEY))));

            assertThat(inWork.get(10, TimeUnit.SECONDS)).isEqualTo("req-42");
            assertThat(onCompletion.get(10, TimeUnit.SECONDS)).isEqualTo("req-42");
            CompletableFuture<String> afterwards = new CompletableFuture<>();
            context.runOnContext(ignored -> afterwards.complete(String.valueOf(MDC.get(RequestScope.MDC_KEY))));
            assertThat(afterwards.get(10, TimeUnit.SECONDS)).as("the event loop's MDC is left clean").isEqualTo("null");
        } finally {
            vertx.close().await();
        }
    }
}
