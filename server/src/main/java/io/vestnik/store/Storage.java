package io.vestnik.store;

/**
 * One storage engine: every entity store over one database, migrated on {@link #start()}.
 * Implementations: {@code SqliteStorage} (embedded default) and {@code PostgresStorage}.
 */
public interface Storage extends AutoCloseable {

    /** Opens the pool and migrates the schema to the current version; the stores are usable after it. */
    void start();

    /** True when the database answers a trivial query within a second. */
    boolean ready();

    /**
     * A random id the database got when it was created, the same for every node using it. Caches
     * kept outside the database key their entries by it, so that two databases sharing one Redis
     * never read each other's entries. Available after {@link #start()}.
     */
    String id();

    UserStore users();

    SessionStore sessions();

    ChatStore chats();

    MessageStore messages();

    /** Streamed messages' growing bodies. */
    StreamStore streams();

    PinStore pins();

    ReactionStore reactions();

    /** Each chat's change log, which the other stores fill in the transactions of their changes. */
    ChangeStore changes();

    ThreadStore threads();

    AttachmentStore attachments();

    MaintenanceStore maintenance();

    SnapshotStore snapshots();

    UsedTicketStore usedTickets();

    ServiceKeyStore serviceKeys();

    NotificationStore notifications();

    WebhookStore webhooks();

    /** The webhook outbox, which the other stores fill in the transactions of their changes. */
    WebhookQueue webhookQueue();

    /** The export outbox (decision 0034), filled beside the webhook outbox once a broker target is registered. */
    ExportQueue exportQueue();

    UnreadHook unreadHook();

    ModerationStore moderation();

    ReportStore reports();

    UserBlockStore userBlocks();

    /** The messages table's time partitions; empty on an engine without them (SQLite). */
    default java.util.Optional<MessagePartitions> partitions() {
        return java.util.Optional.empty();
    }

    @Override
    void close();
}
