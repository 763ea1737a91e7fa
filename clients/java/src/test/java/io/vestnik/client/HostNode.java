package io.vestnik.client;

import io.vestnik.testing.HttpApi;
import io.vestnik.testing.TestNode;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One node for a test class ({@code @RegisterExtension static final HostNode node = ...}), with
 * the {@link Host} that trusts it and one {@link ServerApi} whose key has the given scopes.
 */
final class HostNode implements BeforeAllCallback, AfterAllCallback {
    private final String[] scopes;
    private TestNode node;
    private Host host;
    private ServerApi api;

    HostNode(String... scopes) {
        this.scopes = scopes;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        node = TestNode.start(TestNode.Storage.SQLITE, Host.settings(Map.of()));
        host = new Host(node.baseUrl(), node.http());
        api = host.serverApi(scopes);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        api.close();
        node.close();
    }

    Host host() {
        return host;
    }

    ServerApi api() {
        return api;
    }

    /** The node's own HTTP test client, for the user API calls the Java client does not make. */
    HttpApi http() {
        return node.http();
    }
}
