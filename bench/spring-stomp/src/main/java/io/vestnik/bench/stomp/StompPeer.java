package io.vestnik.bench.stomp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Spring Boot peer of Vestnik's benchmark: the chat server a Java team would write with Spring's
 * STOMP over WebSocket support and its in-memory simple broker. A chat is the topic
 * {@code /topic/chat.<id>}; clients SEND to {@code /app/chat.<id>} and everyone subscribed to the topic,
 * the sender included, gets the message. Nothing is stored (Vestnik stores every message before it
 * acknowledges it). Run as {@code java -jar vestnik-spring-stomp-*.jar --server.port=PORT}.
 */
@SpringBootApplication
public class StompPeer {

    public static void main(String[] args) {
        SpringApplication.run(StompPeer.class, args);
    }
}
