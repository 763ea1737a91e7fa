package io.vestnik.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private final ClientAddress behindNginx = new ClientAddress(List.of("127.0.0.1"));

    @Test
    void a_direct_client_is_its_peer_address_whatever_it_claims() {
        assertThat(behindNginx.of("203.0.113.9", "198.51.100.1")).isEqualTo("203.0.113.9");
    }

    @Test
    void behind_a_trusted_proxy_the_client_is_the_last_untrusted_hop() {
        assertThat(behindNginx.of("127.0.0.1", "198.51.100.7, 203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(behindNginx.of("127.0.0.1", "203.0.113.9, 127.0.0.1")).isEqualTo("203.0.113.9");
    }

    @Test
    void without_forwarding_header_the_proxy_itself_is_the_client() {
        assertThat(behindNginx.of("127.0.0.1", null)).isEqualTo("127.0.0.1");
        assertThat(new ClientAddress(List.of()).of("127.0.0.1", "203.0.113.9")).isEqualTo("127.0.0.1");
    }
}
