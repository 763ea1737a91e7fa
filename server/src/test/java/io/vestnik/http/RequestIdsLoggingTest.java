package io.vestnik.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vestnik.logging.RequestScope;
import io.vestnik.transport.ClientAddress;
import io.vestnik.transport.Offload;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

/**
 * A request's log lines carry its own id, never a neighbour's, though its steps hop threads: the
 * body arrives later on the event loop, blocking work runs on a virtual thread and completes back
 * on the event loop, while other requests interleave on the same loop.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RequestIdsLoggingTest {

    @Test
    void every_step_of_a_request_logs_with_that_request_s_id_while_others_interleave() throws Exception {
        RequestScope.register();
        Vertx vertx = Vertx.vertx();
        try (Offload offload = new Offload()) {
            Router router = Router.router(vertx);
            router.route().handler(new RequestIds(new ClientAddress(List.of("127.0.0.1"))));
            router.route().handler(BodyHandler.create());
            router.route().handler(RequestIds::resume);
            router.post("/echo").handler(ctx -> {
                String afterBody = MDC.get(RequestScope.MDC_KEY);
                offload.call(ctx.vertx().getOrCreateContext(), () -> {
                    Thread.sleep(50); // long enough for the other requests to be in flight meanwhile
                    return MDC.get(RequestScope.MDC_KEY);
                }).onComplete(work -> ctx.response().end(afterBody + " " + work.result() + " " + MDC.get(RequestScope.MDC_KEY)));
            });
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> answers = IntStream.range(0, 20).mapToObj(i -> client.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/echo"))
                            .header(RequestIds.HEADER, "req-" + i)
                            .POST(HttpRequest.BodyPublishers.ofString("body " + i)).build(),
                    HttpResponse.BodyHandlers.ofString())).toList();

            for (int i = 0; i < answers.size(); i++) {
                String id = "req-" + i;
                assertThat(answers.get(i).get(20, TimeUnit.SECONDS).body())
                        .as("after the body, in the blocking work, on completion").isEqualTo(id + " " + id + " " + id);
            }
        } finally {
            vertx.close().await();
        }
    }
}
