package io.vestnik.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;

/** A test WebSocket client's listener: reads everything, joins fragments, hands each text frame on as JSON. */
public abstract class JsonFrameListener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    /** A whole text frame, parsed. */
    protected abstract void onJson(JsonNode frame);

    /** A whole text frame that is not JSON. */
    protected abstract void onNotJson(String text, IOException failure);

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                onJson(HttpApi.JSON.readTree(text));
            } catch (IOException e) {
                onNotJson(text, e);
            }
        }
        return null;
    }
}
