package io.vestnik.client;

import java.util.Map;

/** The whole profile a host puts for a user: a field left null is cleared on the server. */
public record UserProfile(String displayName, String avatarUrl, Map<String, Object> metadata, boolean bot) {
    public static UserProfile person(String displayName) {
        return new UserProfile(displayName, null, null, false);
    }

    public static UserProfile bot(String displayName) {
        return new UserProfile(displayName, null, null, true);
    }
}
