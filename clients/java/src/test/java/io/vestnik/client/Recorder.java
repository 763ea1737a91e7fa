package io.vestnik.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that keeps everything it is told, for assertions, and waits for counts of it. */
public final class Recorder implements Listener {
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final List<Delta> deltas = new CopyOnWriteArrayList<>();
    private final List<Message> updates = new CopyOnWriteArrayList<>();
    private final List<ConnectionState> states = new CopyOnWriteArrayList<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(Message message) {
        messages.add(message);
    }

    @Override
    public void onDelta(Delta delta) {
        deltas.add(delta);
    }

    @Override
    public void onMessageUpdated(Message message) {
        updates.add(message);
    }

    @Override
    public void onEvent(String type, JsonNode frame) {
        events.add(frame);
    }

    @Override
    public void onStateChange(ConnectionState state) {
        states.add(state);
    }

    public List<Message> messages(long chatId) {
        return messages.stream().filter(m -> m.chatId() == chatId).toList();
    }

    public List<Long> seqs(long chatId) {
        return messages(chatId).stream().map(Message::seq).toList();
    }

    public List<Delta> deltas() {
        return List.copyOf(deltas);
    }

    public List<Message> updates() {
        return List.copyOf(updates);
    }

    /** The other events, of one type. */
    public List<JsonNode> events(String type) {
        return events.stream().filter(e -> e.path("type").asText().equals(type)).toList();
    }

    public List<ConnectionState> states() {
        return List.copyOf(states);
    }

    public void awaitMessages(long chatId, int count, Duration timeout) {
        Await.until(count + " messages of chat " + chatId + " (have " + messages(chatId).size() + ")", timeout,
                () -> messages(chatId).size() >= count);
    }
}
