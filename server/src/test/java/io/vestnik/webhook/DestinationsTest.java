package io.vestnik.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DestinationsTest {
    private final Destinations guarded = new Destinations(false);

    @Test
    void refuses_inside_addresses_of_every_kind() {
        for (String url : new String[] {"http://127.0.0.1/", "http://127.9.9.9/", "http://0.0.0.0/", "http://10.0.0.1/",
                "http://172.16.5.4/", "http://192.168.1.1/", "http://169.254.169.254/", "http://100.64.0.1/", "http://[::1]/",
                "http://[fe80::1]/", "http://[fd12:3456::1]/", "http://224.0.0.1/", "http://localhost/"}) {
            assertThat(guarded.refusal(url)).as(url).isPresent();
        }
    }

    @Test
    void refuses_other_schemes_credentials_and_non_urls() {
        for (String url : new String[] {"ftp://192.0.2.1/", "file:///etc/passwd", "http://a:b@192.0.2.1/", "not a url", "//192.0.2.1/"}) {
            assertThat(guarded.refusal(url)).as(url).isPresent();
        }
    }

    @Test
    void accepts_public_addresses_and_inside_ones_when_allowed() {
        assertThat(guarded.refusal("https://192.0.2.1/hook")).isEmpty();
        assertThat(guarded.refusal("http://[2001:db8::1]:8080/hook")).isEmpty();
        assertThat(new Destinations(true).refusal("http://127.0.0.1:9000/hook")).isEmpty();
    }
}
