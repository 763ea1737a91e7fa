package io.vestnik.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.HostJwt;
import io.vestnik.testing.HttpApi;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The host application of a test: the settings a node needs to trust it (admin token, host JWT
 * secret), service keys made with the admin API, users' tokens and their live connections.
 */
public final class Host {
    public static final String ADMIN = "java-client-admin-token-0123456789";
    public static final String SECRET = "java-client-host-secret-0123456789-abcdef";

    private final String baseUrl;
    private final HttpApi http;

    /** A host of the node at {@code baseUrl}, whose admin API {@code http} reaches (a TestNode's or NodeProcess's). */
    public Host(String baseUrl, HttpApi http) {
        this.baseUrl = baseUrl;
        this.http = http;
    }

    /** The node settings under which this host's keys and tokens work, plus {@code extra}. */
    public static Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("VESTNIK_ADMIN_TOKEN", ADMIN, "VESTNIK_HOST_JWT_SECRET", SECRET));
        settings.putAll(extra);
        return settings;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** A fresh service key with these scopes. */
    public String key(String... scopes) {
        HttpApi.Response created = http.post("/api/v1/admin/keys", ADMIN, Map.of("name", "java-client-test", "scopes", List.of(scopes)));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().path("key").asText();
    }

    public ServerApi serverApi(String... scopes) {
        return new ServerApi(baseUrl, key(scopes));
    }

    /** Mints a new host token on every call, as a host's auth code would. */
    public TokenSource tokens(String externalId) {
        return () -> HostJwt.hs256(SECRET, externalId, externalId, null);
    }

    /** A live connection for {@code externalId}, connected, reporting to {@code recorder}; quick reconnects for tests. */
    public LiveConnection connect(String externalId, Recorder recorder) {
        return connect(tokens(externalId), recorder);
    }

    public LiveConnection connect(TokenSource tokens, Recorder recorder) {
        LiveConnection connection = LiveConnection.builder(baseUrl, tokens).listener(recorder)
                .backoff(Duration.ofMillis(200), Duration.ofSeconds(2)).build();
        connection.connect().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
        return connection;
    }

    /** A person and a bot, put with {@code api}, and the direct chat between them. */
    public record BotChat(String person, String bot, long chatId) {}

    public static BotChat botChat(ServerApi api) {
        BotChat pair = new BotChat(unique("anna"), unique("bot"), 0);
        api.putUser(pair.bot(), UserProfile.bot("Bot"));
        api.putUser(pair.person(), UserProfile.person("Anna"));
        return new BotChat(pair.person(), pair.bot(), api.openChat(NewChat.direct(pair.person(), pair.bot())).id());
    }

    /** Two people, put with {@code api}, and the direct chat between them. */
    public record People(String anna, String boris, long chatId) {}

    public static People people(ServerApi api) {
        String anna = unique("anna");
        String boris = unique("boris");
        api.putUser(anna, UserProfile.person("Anna"));
        api.putUser(boris, UserProfile.person("Boris"));
        return new People(anna, boris, api.openChat(NewChat.direct(anna, boris)).id());
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
