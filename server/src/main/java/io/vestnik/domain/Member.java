package io.vestnik.domain;

public record Member(long userId, String role, long lastReadSeq) {
    public static final String OWNER = "owner";
    public static final String MEMBER = "member";
}
