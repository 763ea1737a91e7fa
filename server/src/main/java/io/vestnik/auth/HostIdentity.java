package io.vestnik.auth;

/**
 * A user as the host application names them. {@code issuer} is the stable namespace of
 * {@code subject} (see {@link HostTokens}); {@code displayName} may be null.
 */
public record HostIdentity(String issuer, String subject, String displayName) {}
