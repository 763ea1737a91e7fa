package io.vestnik.client;

import com.fasterxml.jackson.databind.JsonNode;

/** A Vestnik user; {@code externalId} is the host's id for them, {@code metadata} only comes through the server API. */
public record User(long id, String username, String displayName, String externalId, String avatarUrl, boolean bot, JsonNode metadata) {}
