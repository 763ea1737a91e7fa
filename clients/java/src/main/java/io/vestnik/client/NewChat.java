package io.vestnik.client;

import java.util.List;
import java.util.Map;

/** What {@link ServerApi#openChat} asks for: members by the host's external ids; the first owns a group. */
public record NewChat(String kind, List<String> memberExternalIds, String title, Map<String, String> context) {
    public static NewChat direct(String a, String b) {
        return new NewChat("direct", List.of(a, b), null, null);
    }

    /** A chat about one listing ({@code type} "listing") or product ({@code type} "product"). */
    public static NewChat listing(String buyer, String seller, String type, String id) {
        return new NewChat("listing", List.of(buyer, seller), null, Map.of("type", type, "id", id));
    }

    public static NewChat group(String title, String owner, List<String> others) {
        List<String> members = new java.util.ArrayList<>(List.of(owner));
        members.addAll(others);
        return new NewChat("group", List.copyOf(members), title, null);
    }
}
