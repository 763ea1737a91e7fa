package io.vestnik.store.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vestnik.store.AttachmentStore;
import io.vestnik.store.ChangeStore;
import io.vestnik.store.ChatStore;
import io.vestnik.store.MaintenanceStore;
import io.vestnik.store.ModerationStore;
import io.vestnik.store.UserBlockStore;
import io.vestnik.store.MessageStore;
import io.vestnik.store.NotificationStore;
import io.vestnik.store.PinStore;
import io.vestnik.store.ReactionStore;
import io.vestnik.store.ThreadStore;
import io.vestnik.store.ReportStore;
import io.vestnik.store.ServiceKeyStore;
import io.vestnik.store.SessionStore;
import io.vestnik.store.SnapshotStore;
import io.vestnik.store.Storage;
import io.vestnik.store.StorageMeters;
import io.vestnik.store.StreamStore;
import io.vestnik.store.UsedTicketStore;
import io.vestnik.store.UnreadHook;
import io.vestnik.store.UserStore;
import io.vestnik.store.ExportQueue;
import io.vestnik.store.WebhookQueue;
import io.vestnik.store.WebhookStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * The part of both engines that is the same: Flyway migrations, the stores, readiness, closing.
 * Subclasses open the pools; the stores are there once {@link #start()} has returned.
 */
abstract class JdbcStorage implements Storage {
    private final StorageMeters meters;
    private HikariDataSource readPool;
    private HikariDataSource writePool;
    private UserStore users;
    private SessionStore sessions;
    private ChatStore chats;
    private MessageStore messages;
    private StreamStore streams;
    private PinStore pins;
    private ReactionStore reactions;
    private ChangeStore changes;
    private ThreadStore threads;
    private AttachmentStore attachments;
    private MaintenanceStore maintenance;
    private SnapshotStore snapshots;
    private UsedTicketStore usedTickets;
    private ServiceKeyStore serviceKeys;
    private NotificationStore notifications;
    private WebhookStore webhooks;
    private WebhookQueue webhookQueue;
    private ExportQueue exportQueue;
    private UnreadHook unreadHook;
    private ModerationStore moderation;
    private ReportStore reports;
    private UserBlockStore userBlocks;
    private GroupCommit groupCommit;
    private String id;

    JdbcStorage(StorageMeters meters) {
        this.meters = meters;
    }

    /** Opens a pool that reports its own meters (HikariCP's, tagged with the pool's name) when there are metrics. */
    protected final HikariDataSource open(HikariConfig config) {
        if (meters.registry() != null) config.setMetricRegistry(meters.registry());
        return new HikariDataSource(config);
    }

    /** The pool that runs transactions; also runs the migrations. */
    protected abstract HikariDataSource openWritePool();

    /** The pool for reads; may be the write pool. */
    protected abstract HikariDataSource openReadPool(HikariDataSource writePool);

    /** Flyway location of this dialect's migrations. */
    protected abstract String migrations();

    protected abstract Dialect dialect();

    /** Runs once the schema is current, before any store is used; nothing by default. */
    protected void afterMigrations(Jdbi writer) {}

    /** Runs at the end of {@link #start()}, the stores in place; nothing by default. */
    protected void started(Db db) {}

    /** How many transactions of appends may run at once, each for its own share of the chats (see {@link GroupCommit}). */
    protected abstract int appendLanes();

    @Override
    public void start() {
        writePool = openWritePool();
        Flyway.configure().dataSource(writePool).locations(migrations()).load().migrate();
        Jdbi writer = jdbi(writePool);
        afterMigrations(writer);
        readPool = openReadPool(writePool);
        Db db = new Db(jdbi(readPool), writer, dialect());
        users = new JdbcUserStore(db);
        sessions = new JdbcSessionStore(db);
        chats = new JdbcChatStore(db);
        groupCommit = new GroupCommit(db, appendLanes(), meters);
        messages = new JdbcMessageStore(db, groupCommit);
        streams = new JdbcStreamStore(db);
        pins = new JdbcPinStore(db);
        reactions = new JdbcReactionStore(db);
        changes = new JdbcChangeStore(db);
        threads = new JdbcThreadStore(db);
        attachments = new JdbcAttachmentStore(db);
        maintenance = new JdbcMaintenanceStore(db);
        snapshots = new JdbcSnapshotStore(db);
        usedTickets = new JdbcUsedTicketStore(db);
        serviceKeys = new JdbcServiceKeyStore(db);
        notifications = new JdbcNotificationStore(db);
        webhooks = new JdbcWebhookStore(db);
        webhookQueue = new JdbcWebhookQueue(db);
        exportQueue = new JdbcExportQueue(db);
        unreadHook = new JdbcUnreadHook(db);
        moderation = new JdbcModerationStore(db);
        reports = new JdbcReportStore(db);
        userBlocks = new JdbcUserBlockStore(db);
        id = db.read(h -> h.createQuery("SELECT id FROM storage_identity").mapTo(String.class).one());
        started(db);
    }

    /** Optional filters (a chat id in search, a time unused by one update) may leave bindings unused. */
    private static Jdbi jdbi(DataSource pool) {
        Jdbi jdbi = Jdbi.create(pool);
        jdbi.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
        return jdbi;
    }

    @Override
    public boolean ready() {
        try (Connection c = readPool.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            return s.execute("SELECT 1");
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public UserStore users() {
        return users;
    }

    @Override
    public SessionStore sessions() {
        return sessions;
    }

    @Override
    public ChatStore chats() {
        return chats;
    }

    @Override
    public MessageStore messages() {
        return messages;
    }

    @Override
    public StreamStore streams() {
        return streams;
    }

    @Override
    public PinStore pins() {
        return pins;
    }

    @Override
    public ReactionStore reactions() {
        return reactions;
    }

    @Override
    public ChangeStore changes() {
        return changes;
    }

    @Override
    public ThreadStore threads() {
        return threads;
    }

    @Override
    public AttachmentStore attachments() {
        return attachments;
    }

    @Override
    public SnapshotStore snapshots() {
        return snapshots;
    }

    @Override
    public UsedTicketStore usedTickets() {
        return usedTickets;
    }

    @Override
    public ServiceKeyStore serviceKeys() {
        return serviceKeys;
    }

    @Override
    public NotificationStore notifications() {
        return notifications;
    }

    @Override
    public WebhookStore webhooks() {
        return webhooks;
    }

    @Override
    public WebhookQueue webhookQueue() {
        return webhookQueue;
    }

    @Override
    public ExportQueue exportQueue() {
        return exportQueue;
    }

    @Override
    public UnreadHook unreadHook() {
        return unreadHook;
    }

    @Override
    public ModerationStore moderation() {
        return moderation;
    }

    @Override
    public ReportStore reports() {
        return reports;
    }

    @Override
    public UserBlockStore userBlocks() {
        return userBlocks;
    }

    @Override
    public MaintenanceStore maintenance() {
        return maintenance;
    }

    @Override
    public void close() {
        if (groupCommit != null) groupCommit.close();
        if (readPool != null && readPool != writePool) readPool.close();
        if (writePool != null) writePool.close();
    }
}
