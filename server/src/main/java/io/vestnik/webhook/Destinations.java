package io.vestnik.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * The SSRF defence: a webhook may only point at a public http(s) address. The host name is
 * resolved and every address it has is checked (a name with one private address among public
 * ones is refused), at registration and again before each delivery, so a name re-pointed at an
 * inside address later (DNS rebinding) is not called either. Off with {@code VESTNIK_WEBHOOKS_ALLOW_PRIVATE}.
 */
final class Destinations {
    private final boolean allowPrivate;

    Destinations(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Why {@code url} may not be called, or empty when it may. Blocks on DNS. */
    Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.of("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) return Optional.of("must be http or https");
        if (uri.getHost() == null || uri.getUserInfo() != null) return Optional.of("must name a host and no credentials");
        return allowPrivate ? Optional.empty() : privateAddress(uri.getHost());
    }

    private static Optional<String> privateAddress(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.of("names a host that does not resolve");
        }
        for (InetAddress address : addresses) {
            if (inside(address)) return Optional.of("resolves to a loopback, private or link-local address");
        }
        return Optional.empty();
    }

    /** Loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local, carrier-grade NAT, any-local, multicast. */
    static boolean inside(InetAddress a) {
        byte[] b = a.getAddress();
        boolean uniqueLocal6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
        boolean sharedNat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        boolean thisNetwork = b.length == 4 && b[0] == 0;
        return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress() || uniqueLocal6 || sharedNat || thisNetwork;
    }
}
