package io.vestnik.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Response;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The server's OpenAPI document ({@code openapi/vestnik.yaml}) as a test oracle, read with
 * vertx-openapi (decision 0017). Loading it checks it against the OpenAPI 3.1 schema; then
 * {@link #check} validates one real exchange: the answer (status, declared headers, JSON body)
 * always, the request (path, query and JSON body) when the server accepted it, since the
 * document must not refuse what the server takes. {@link HttpApi} checks every exchange it makes.
 *
 * <p>vertx-openapi validates JSON bodies only, and refuses a document that names other media
 * types (pages, scripts, event streams, files). It is therefore given a copy that keeps only
 * the {@code application/json} content; other answers are checked against the media types the
 * document as written declares for their status.
 */
public final class ApiDescription {
    private static final String RESOURCE = "openapi/vestnik.yaml";
    private static final String JSON = "application/json";

    private static final class Loaded {
        static final ApiDescription INSTANCE = new ApiDescription();
    }

    private final Vertx vertx = Vertx.vertx();
    private final JsonObject written;
    private final OpenAPIContract contract;
    private final RequestValidator requests;
    private final ResponseValidator responses;

    private ApiDescription() {
        written = read();
        OpenAPIVersion version = OpenAPIVersion.fromContract(written);
        if (version != OpenAPIVersion.V3_1) throw new AssertionError(RESOURCE + " is not OpenAPI 3.1 but " + version);
        OutputUnit result = await(version.getRepository(vertx, "app:///")
                .compose(repository -> version.validateContract(vertx, repository, written)));
        if (!result.getValid()) throw new AssertionError(RESOURCE + " is not valid OpenAPI 3.1: " + result.getErrors());
        contract = await(OpenAPIContract.from(vertx, jsonOnly(written.copy())));
        requests = RequestValidator.create(vertx, contract);
        responses = ResponseValidator.create(vertx, contract);
    }

    /** The document, parsed and validated once per test JVM. */
    public static ApiDescription get() {
        return Loaded.INSTANCE;
    }

    /** The document as written. */
    public JsonObject document() {
        return written.copy();
    }

    /** Every operation as "METHOD /path/{param}". */
    public Set<String> operations() {
        Set<String> operations = new TreeSet<>();
        JsonObject paths = written.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                operations.add(method.toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        return operations;
    }

    /** One request and its answer, as a client saw them; {@code requestBody} is null when none or not JSON. */
    public record Exchange(String method, String target, String requestBody, int status, HttpHeaders headers, String body) {}

    /** Fails with an AssertionError naming the mismatch when the exchange breaks the document. */
    public void check(Exchange exchange) {
        String path = exchange.target().split("\\?", 2)[0];
        Operation operation = contract.findOperation(path, HttpMethod.valueOf(exchange.method()));
        String label = exchange.method() + " " + exchange.target() + " → " + exchange.status();
        if (operation == null) {
            // A path the document does not have is right to be refused, and nothing else.
            if (exchange.status() != 404 && exchange.status() != 405) {
                throw new AssertionError(label + ": " + exchange.method() + " " + path + " is not in " + RESOURCE);
            }
            return;
        }
        try {
            checkResponse(operation, exchange);
            if (exchange.status() / 100 == 2) checkRequest(operation, exchange, path);
        } catch (RuntimeException mismatch) {
            throw new AssertionError(label + " does not match " + RESOURCE + " (" + operation.getOperationId() + "): "
                    + mismatch.getMessage() + "\nbody: " + exchange.body(), mismatch);
        }
    }

    private void checkResponse(Operation operation, Exchange exchange) {
        String mediaType = mediaType(exchange.headers());
        boolean hasBody = exchange.body() != null && !exchange.body().isEmpty();
        Map<String, String> headers = declaredHeaders(operation, exchange);
        if (!hasBody || mediaType.equals(JSON)) {
            ValidatableResponse response = hasBody
                    ? ValidatableResponse.create(exchange.status(), headers, Buffer.buffer(exchange.body()), JSON)
                    : ValidatableResponse.create(exchange.status(), headers);
            await(responses.validate(response, operation.getOperationId()));
        } else if (!declaredMediaTypes(operation, exchange.status()).contains(mediaType)
                && !declaredMediaTypes(operation, exchange.status()).contains("*/*")) {
            throw new IllegalStateException("the answer's media type " + mediaType + " is not declared");
        }
    }

    private void checkRequest(Operation operation, Exchange exchange, String path) {
        Map<String, RequestParameter> pathParameters = new HashMap<>();
        String[] template = operation.getOpenAPIPath().split("/");
        String[] actual = path.split("/");
        for (int i = 0; i < template.length; i++) {
            if (template[i].startsWith("{")) pathParameters.put(template[i].substring(1, template[i].length() - 1), parameter(actual[i]));
        }
        Map<String, RequestParameter> query = new HashMap<>();
        String[] parts = exchange.target().split("\\?", 2);
        if (parts.length == 2) {
            for (String pair : parts[1].split("&")) {
                String[] nameValue = pair.split("=", 2);
                query.put(decode(nameValue[0]), parameter(nameValue.length == 2 ? decode(nameValue[1]) : ""));
            }
        }
        boolean jsonBody = exchange.requestBody() != null && operation.getRequestBody() != null;
        await(requests.validate(new ValidatableRequestImpl(Map.of(), Map.of(), pathParameters, query,
                jsonBody ? new RequestParameterImpl(Buffer.buffer(exchange.requestBody())) : null, jsonBody ? JSON : null),
                operation.getOperationId()));
    }

    /** The answer's headers that the document declares for it, under the document's spelling of their names. */
    private static Map<String, String> declaredHeaders(Operation operation, Exchange exchange) {
        Response declared = operation.getResponse(exchange.status());
        if (declared == null) declared = operation.getDefaultResponse();
        Map<String, String> headers = new HashMap<>();
        if (declared == null) return headers;
        for (Parameter header : declared.getHeaders()) {
            exchange.headers().firstValue(header.getName()).ifPresent(value -> headers.put(header.getName(), value));
        }
        return headers;
    }

    /** The media types the document as written declares for this answer (following one $ref). */
    private Set<String> declaredMediaTypes(Operation operation, int status) {
        JsonObject responses = written.getJsonObject("paths").getJsonObject(operation.getOpenAPIPath())
                .getJsonObject(operation.getHttpMethod().name().toLowerCase(Locale.ROOT)).getJsonObject("responses");
        JsonObject response = responses.getJsonObject(Integer.toString(status), responses.getJsonObject("default"));
        if (response != null && response.containsKey("$ref")) {
            String name = response.getString("$ref").substring("#/components/responses/".length());
            response = written.getJsonObject("components").getJsonObject("responses").getJsonObject(name);
        }
        return response == null ? Set.of() : response.getJsonObject("content", new JsonObject()).fieldNames();
    }

    private static String mediaType(HttpHeaders headers) {
        return headers.firstValue("Content-Type").map(type -> type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT)).orElse("");
    }

    /** Keeps only JSON content, the one media type vertx-openapi reads; a request body left with none goes. */
    private static JsonObject jsonOnly(JsonObject document) {
        JsonObject paths = document.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                JsonObject operation = item.getJsonObject(method);
                JsonObject body = operation.getJsonObject("requestBody");
                if (body != null && !keepJson(body)) operation.remove("requestBody");
                JsonObject responses = operation.getJsonObject("responses");
                responses.fieldNames().forEach(status -> keepJson(responses.getJsonObject(status)));
            }
        }
        JsonObject components = document.getJsonObject("components");
        JsonObject responses = components.getJsonObject("responses");
        responses.fieldNames().forEach(name -> keepJson(responses.getJsonObject(name)));
        return document;
    }

    /** Drops every media type but JSON from {@code holder}'s content; says whether any content is left. */
    private static boolean keepJson(JsonObject holder) {
        JsonObject content = holder.getJsonObject("content");
        if (content == null) return holder.containsKey("$ref");
        content.fieldNames().removeIf(type -> !type.equals(JSON));
        if (content.isEmpty()) holder.remove("content");
        return !content.isEmpty();
    }

    private static RequestParameter parameter(String value) {
        return new RequestParameterImpl(value);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static JsonObject read() {
        try (InputStream yaml = ApiDescription.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (yaml == null) throw new AssertionError(RESOURCE + " is not on the class path");
            Map<String, Object> document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
            return new JsonObject(document);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + RESOURCE, e);
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("validation took over 10 s", e);
        }
    }
}
