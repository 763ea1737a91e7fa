package io.vestnik.gateway;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The browser-origin check, in every environment: an upgrade carrying an {@code Origin} header is
 * accepted only from an allowed origin, or, with none configured, from the server's own origin.
 * Clients that send no Origin (not browsers) are not subject to it; they authenticate like anyone.
 */
final class Origins {
    private final List<String> allowed;

    Origins(List<String> allowed) {
        this.allowed = allowed.stream().map(Origins::normalize).toList();
    }

    boolean allows(String origin, String host) {
        if (origin == null) return true;
        String normalized = normalize(origin);
        if (allowed.contains("*") || allowed.contains(normalized)) return true;
        return allowed.isEmpty() && host != null && sameHost(normalized, host);
    }

    private static boolean sameHost(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String normalize(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
