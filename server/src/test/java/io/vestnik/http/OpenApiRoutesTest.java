package io.vestnik.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.testing.ApiDescription;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.TestNode;
import java.net.http.HttpHeaders;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The OpenAPI document describes exactly the routes the node has, and is served with its reference page. */
@Timeout(60)
class OpenApiRoutesTest {
    /** Served by the node's WebSocket handshake, not by the REST router. */
    private static final Set<String> OUTSIDE_THE_ROUTER = Set.of("GET /ws");

    private static TestNode node;
    private static HttpApi http;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestNode.Storage.SQLITE);
        http = node.http();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /**
     * Fails naming the routes the router has and the document lacks, or the reverse. The router
     * writes {@code :param} where the document writes {@code {param}}, and a prefix route
     * ({@code /web/*}) as {@code /web/}, which the document names {@code /web/{path}}.
     */
    @Test
    void every_route_of_the_router_is_in_the_document_and_every_operation_is_a_route() {
        Set<String> routes = new TreeSet<>(OUTSIDE_THE_ROUTER);
        node.httpRoutes().forEach(route -> routes.add(inDocumentTerms(route)));
        Set<String> documented = ApiDescription.get().operations();

        assertThat(difference(routes, documented)).as("routes missing from openapi/vestnik.yaml").isEmpty();
        assertThat(difference(documented, routes)).as("operations in openapi/vestnik.yaml that no route serves").isEmpty();
    }

    @Test
    void the_document_is_served_as_json_at_api_v1_openapi_json() {
        HttpApi.Response response = http.get("/api/v1/openapi.json", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(new JsonObject(response.text())).isEqualTo(ApiDescription.get().document());
    }

    @Test
    void the_reference_page_loads_only_files_the_server_serves_under_a_policy_that_admits_nothing_else() {
        HttpApi.Response page = http.get("/api/docs", null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(OpenApiRoutes.POLICY);
        List<String> files = referencedFiles(page.text());
        assertThat(files).contains("/api/docs/swagger-ui-bundle.js", "/api/docs/init.js", "/api/docs/swagger-ui.css");
        for (String file : files) {
            HttpApi.Response asset = http.get(file, null);
            assertThat(asset.status()).as(file).isEqualTo(200);
            assertThat(asset.headers().firstValue("Content-Security-Policy")).as(file).hasValue(OpenApiRoutes.POLICY);
        }
        assertThat(http.get("/api/docs/init.js", null).text()).contains("/api/v1/openapi.json");
    }

    @Test
    void a_file_the_browser_already_has_is_answered_304_and_an_unknown_one_404() {
        String etag = http.get("/api/docs/swagger-ui.css", null).headers().firstValue("ETag").orElseThrow();

        HttpApi.Response again = http.request("GET", "/api/docs/swagger-ui.css", null, null, Map.of("If-None-Match", etag));
        HttpApi.Response unknown = http.get("/api/docs/index.css", null);

        assertThat(again.status()).isEqualTo(304);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("not_found");
    }

    @Test
    void the_documented_error_codes_are_exactly_the_servers() {
        JsonArray documented = ApiDescription.get().document().getJsonObject("components").getJsonObject("schemas")
                .getJsonObject("ErrorCode").getJsonArray("enum");

        assertThat(documented.getList()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(ErrorCode.values()).map(ErrorCode::wire).toList());
    }

    /** The check the end-to-end suite relies on: an answer with a field the document lacks fails it. */
    @Test
    void an_answer_the_document_does_not_describe_fails_the_check() {
        HttpHeaders json = HttpHeaders.of(Map.of("Content-Type", List.of("application/json")), (name, value) -> true);
        String user = "{\"id\":1,\"username\":\"ann\",\"display_name\":\"Ann\",\"external_id\":null,\"avatar_url\":null,\"bot\":false";

        ApiDescription.get().check(new ApiDescription.Exchange("GET", "/api/v1/users/me", null, 200, json, user + "}"));
        assertThatThrownBy(() -> ApiDescription.get().check(
                new ApiDescription.Exchange("GET", "/api/v1/users/me", null, 200, json, user + ",\"nickname\":\"a\"}")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("(me)");
        assertThatThrownBy(() -> ApiDescription.get().check(
                new ApiDescription.Exchange("GET", "/api/v1/users/me", null, 201, json, user + "}")))
                .isInstanceOf(AssertionError.class);
    }

    private static String inDocumentTerms(String route) {
        String normalised = route.replaceAll(":([a-z_]+)", "{$1}");
        return normalised.endsWith("/") && !normalised.endsWith(" /") ? normalised + "{path}" : normalised;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        return a.stream().filter(x -> !b.contains(x)).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> referencedFiles(String html) {
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        List<String> files = new java.util.ArrayList<>();
        while (m.find()) files.add(m.group(1));
        return files;
    }
}
