package io.vestnik.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The API's description and its reference page. {@code GET /api/v1/openapi.json} is
 * {@value #DOCUMENT}, written in YAML and served as JSON. {@code GET /api/docs} is Swagger UI
 * reading it, every file from the jar (the swagger-ui webjar and {@code openapi/docs/}), under a
 * Content-Security-Policy that admits this origin only. Everything is read and converted once
 * per process, on a worker thread, when first asked for: parsing the YAML takes long enough to
 * stall an event loop, and most nodes are never asked.
 */
final class OpenApiRoutes {
    static final String DOCUMENT = "openapi/vestnik.yaml";
    /** Swagger UI's icons are {@code data:} images inside its style sheet; everything else comes from here. */
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private OpenApiRoutes() {}

    static void mount(Router router) {
        router.get(Assets.DOCUMENT_PATH).handler(ctx -> serve(ctx, Assets.DOCUMENT_PATH));
        router.get(Assets.PAGE_PATH).handler(ctx -> WebClientRoutes.secured(ctx, POLICY)).handler(ctx -> serve(ctx, Assets.PAGE_PATH));
        router.get(Assets.PAGE_PATH + "/:file").handler(ctx -> WebClientRoutes.secured(ctx, POLICY))
                .handler(ctx -> serve(ctx, ctx.pathParam("file")));
    }

    /** Answers the file served under {@code name} (404 for none), or 304 when the client's copy is current. */
    private static void serve(RoutingContext ctx, String name) {
        ctx.vertx().executeBlocking(() -> Assets.ALL.get(name)).onComplete(loaded -> {
            Asset asset = loaded.result();
            if (asset == null) {
                Api.fail(ctx, loaded.failed() ? loaded.cause() : Problem.of(ErrorCode.NOT_FOUND, "No such file."));
            } else if (asset.etag().equals(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
                ctx.response().putHeader(HttpHeaders.ETAG, asset.etag()).setStatusCode(304).end();
            } else {
                ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType())
                        .putHeader(HttpHeaders.ETAG, asset.etag()).end(Buffer.buffer(asset.bytes()));
            }
        });
    }

    private record Asset(byte[] bytes, String contentType, String etag) {}

    /**
     * The description and every file of its page, by the name each is served under: its path, or
     * for the page's files their name under {@link #PAGE_PATH} (a path parameter cannot hold the
     * slashes of the first two).
     */
    private static final class Assets {
        static final String DOCUMENT_PATH = "/api/v1/openapi.json";
        static final String PAGE_PATH = "/api/docs";
        private static final String OWN = "openapi/docs/";
        private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";
        static final Map<String, Asset> ALL = Map.of(
                DOCUMENT_PATH, asset(json(DOCUMENT), "application/json; charset=utf-8"),
                PAGE_PATH, load(OWN + "index.html", "text/html; charset=utf-8"),
                "init.js", load(OWN + "init.js", "text/javascript; charset=utf-8"),
                "swagger-ui-bundle.js", load(WEBJAR + "swagger-ui-bundle.js", "text/javascript; charset=utf-8"),
                "swagger-ui.css", load(WEBJAR + "swagger-ui.css", "text/css; charset=utf-8"),
                "favicon-32x32.png", load(WEBJAR + "favicon-32x32.png", "image/png"));

        private static String swaggerUiVersion() {
            try (InputStream in = resource("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Asset load(String resource, String contentType) {
            try (InputStream in = resource(resource)) {
                return asset(in.readAllBytes(), contentType);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The YAML resource as JSON bytes, its anchors resolved. */
        private static byte[] json(String resource) {
            try (InputStream yaml = resource(resource)) {
                return new ObjectMapper().writeValueAsBytes(new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }

        private static Asset asset(byte[] bytes, String contentType) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
                return new Asset(bytes, contentType, "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = OpenApiRoutes.class.getClassLoader().getResourceAsStream(name);
        if (in == null) throw new IOException("missing from the jar: " + name);
        return in;
    }
}
