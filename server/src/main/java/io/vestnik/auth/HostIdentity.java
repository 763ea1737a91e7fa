package io.vestnik.auth;

/**
 * A user as the host application names them. {@code issuer} is the stable namespace of
 * {@code subject} (see {@link HostTokens}); {@code displayName} is never blank:
 * the token's {@code name}, or its {@code subject} when it names none.
 */
public record HostIdentity(String issuer, String subject, String displayName) {}
