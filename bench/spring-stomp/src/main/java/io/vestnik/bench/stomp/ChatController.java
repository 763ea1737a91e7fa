package io.vestnik.bench.stomp;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.stereotype.Controller;

/** A send to {@code /app/chat.<id>} is read as JSON and broadcast to the chat's topic. */
@Controller
class ChatController {

    /** What a client sends and every member receives; {@code body} carries the sender's clock for the benchmark. */
    record ChatMessage(@JsonProperty("client_id") String clientId, String body) {}

    @MessageMapping("/chat.{chatId}")
    @SendTo("/topic/chat.{chatId}")
    ChatMessage send(ChatMessage message) {
        return message;
    }
}
