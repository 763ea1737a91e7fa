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
 * {@value #DOCUMENT} (written in YAML, converted to JSON once, when the routes are mounted: a
 * broken document stops the node from starting). {@code GET /api/docs} is Swagger UI reading it,
 * every file from the jar (the swagger-ui webjar and {@code openapi/docs/}), under a
 * Content-Security-Policy that admits this origin only.
 */
final class OpenApiRoutes {
    static final String DOCUMENT = "openapi/vestnik.yaml";
    /** Swagger UI's icons are {@code data:} images inside its style sheet; everything else comes from here. */
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private OpenApiRoutes() {}

    static void mount(Router router) {
        byte[] document = json(DOCUMENT);
        router.get("/api/v1/openapi.json").handler(ctx -> ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                .end(Buffer.buffer(document)));
        router.get("/api/docs").handler(ctx -> WebClientRoutes.secured(ctx, POLICY)).handler(ctx -> serve(ctx, Assets.PAGE));
        router.get("/api/docs/:file").handler(ctx -> WebClientRoutes.secured(ctx, POLICY))
                .handler(ctx -> serve(ctx, ctx.pathParam("file")));
    }

    /** The YAML resource as JSON bytes, its anchors resolved. */
    static byte[] json(String resource) {
        try (InputStream yaml = resource(resource)) {
            return new ObjectMapper().writeValueAsBytes(new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** Reads the files on a worker the first time (about 2.5 MB from the jar), from memory after that. */
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

    /** Every file of the page, by the name it is served under; loaded when first asked for. */
    private static final class Assets {
        static final String PAGE = "index.html";
        private static final String OWN = "openapi/docs/";
        private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";
        static final Map<String, Asset> ALL = Map.of(
                PAGE, load(OWN + PAGE, "text/html; charset=utf-8"),
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
                byte[] bytes = in.readAllBytes();
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
                return new Asset(bytes, contentType, "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
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
