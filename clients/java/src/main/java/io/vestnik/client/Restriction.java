package io.vestnik.client;

/**
 * A mute (in chat {@code chatId}) or a send block ({@code chatId} null: every chat) of a user;
 * {@code until} is an ISO-8601 UTC time, or null while it lasts until lifted.
 */
public record Restriction(Long chatId, long userId, String externalId, String until) {}
