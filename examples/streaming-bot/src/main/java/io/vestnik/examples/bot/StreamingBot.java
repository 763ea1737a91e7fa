package io.vestnik.examples.bot;

import io.vestnik.client.LiveConnection;
import io.vestnik.client.Listener;
import io.vestnik.client.Message;
import io.vestnik.client.ServerApi;
import io.vestnik.client.StreamedReply;
import io.vestnik.client.TokenSource;
import io.vestnik.client.UserProfile;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An assistant bot: provisioned with the service key, live as itself with a host token, it
 * answers every message someone else writes in its chats by showing "typing" while it thinks and
 * then streaming a canned answer word by word (server API: typing, a message started with
 * {@code streaming: true}, deltas, finish). Each question gets its own virtual thread, so a
 * slow answer never holds up the connection's listener.
 */
public final class StreamingBot implements AutoCloseable {
    static final String ANSWER = "Thanks for asking! This reply is streamed word by word, the way an assistant "
            + "writes while it thinks. Every member sees it grow live, and anyone who joins midway gets the text so far. "
            + "When it is done, the whole answer is stored like any other message.";

    private final ServerApi api;
    private final String externalId;
    private final Duration thinking;
    private final Duration betweenWords;
    private final ExecutorService answering = Executors.newVirtualThreadPerTaskExecutor();
    private final LiveConnection connection;

    /** {@code token} mints the bot's user token (a host JWT with {@code sub} = {@code externalId}). */
    public StreamingBot(String baseUrl, ServerApi api, String externalId, TokenSource token, Duration thinking, Duration betweenWords) {
        this.api = api;
        this.externalId = externalId;
        this.thinking = thinking;
        this.betweenWords = betweenWords;
        api.putUser(externalId, UserProfile.bot("Assistant"));
        connection = LiveConnection.builder(baseUrl, token).listener(new Listener() {
            @Override
            public void onMessage(Message message) {
                if (message.senderId() != connection.userId() && !message.deleted()) answering.submit(() -> answer(message));
            }
        }).build();
    }

    /** Connects; the bot answers from then on, until {@link #close()}. */
    public void start() {
        connection.connect().join();
    }

    private void answer(Message question) {
        api.typing(question.chatId(), externalId, true);
        pause(thinking);
        String[] words = ANSWER.split(" ");
        StreamedReply reply = api.startStreaming(question.chatId(), externalId, "answer-to-" + question.id(), words[0]);
        for (int i = 1; i < words.length; i++) {
            pause(betweenWords);
            reply.append(" " + words[i]);
        }
        api.typing(question.chatId(), externalId, false);
        reply.finish();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        connection.close();
        answering.shutdownNow();
    }

    /** {@code VESTNIK_URL}, {@code VESTNIK_SERVICE_KEY}, {@code VESTNIK_HOST_JWT_SECRET}, optional {@code VESTNIK_HOST_JWT_ISSUER}, {@code BOT_ID}. */
    public static void main(String[] args) throws InterruptedException {
        String url = System.getenv().getOrDefault("VESTNIK_URL", "http://localhost:8080");
        String secret = required("VESTNIK_HOST_JWT_SECRET");
        String issuer = System.getenv("VESTNIK_HOST_JWT_ISSUER");
        String botId = System.getenv().getOrDefault("BOT_ID", "assistant");
        ServerApi api = new ServerApi(url, required("VESTNIK_SERVICE_KEY"));
        StreamingBot bot = new StreamingBot(url, api, botId, () -> HostToken.hs256(secret, botId, "Assistant", issuer),
                Duration.ofMillis(1500), Duration.ofMillis(120));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bot.close();
            api.close();
        }));
        bot.start();
        System.out.println("Streaming bot '" + botId + "' is live on " + url + "; add it to a chat and ask something.");
        Thread.currentThread().join();
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) throw new IllegalArgumentException("Set " + name + " (see examples/streaming-bot/README.md)");
        return value;
    }
}
