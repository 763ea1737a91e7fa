package io.vestnik.store.sql;

import io.vestnik.domain.Attachment;
import io.vestnik.store.AttachmentStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Attachments' metadata; bytes in a blob store, or in {@code content} for rows not yet moved. */
final class JdbcAttachmentStore implements AttachmentStore {
    private static final byte[] MOVED = new byte[0];

    private final Db db;

    JdbcAttachmentStore(Db db) {
        this.db = db;
    }

    @Override
    public Optional<Attachment> save(NewAttachment a, long quotaBytes) {
        return db.write(h -> {
            h.createQuery("SELECT id FROM users WHERE id = :uploader" + db.dialect().forUpdate("users"))
                    .bind("uploader", a.uploaderId()).mapTo(Long.class).findOne();
            if (usedBytes(h, a.uploaderId()) + a.size() > quotaBytes) return Optional.empty();
            return Optional.of(h.createQuery("""
                            INSERT INTO attachments (uploader_id, name, content_type, size, content, sha256, blob_key, created_at)
                            VALUES (:uploader, :name, :type, :size, :content, :sha256, :key, :now)
                            RETURNING""" + " " + Rows.ATTACHMENT_COLUMNS)
                    .bind("uploader", a.uploaderId())
                    .bind("name", a.name())
                    .bind("type", a.contentType())
                    .bind("size", a.size())
                    .bind("content", MOVED)
                    .bind("sha256", a.sha256())
                    .bind("key", a.blobKey())
                    .bind("now", Rows.millis(a.createdAt()))
                    .map(Rows.ATTACHMENT)
                    .one());
        });
    }

    @Override
    public void discard(long attachmentId) {
        db.write(h -> h.createUpdate("DELETE FROM attachments WHERE id = :id AND message_id IS NULL")
                .bind("id", attachmentId).execute());
    }

    @Override
    public Optional<Owner> owner(long attachmentId) {
        return db.read(h -> h.createQuery("SELECT uploader_id, chat_id FROM attachments WHERE id = :id")
                .bind("id", attachmentId)
                .map((rs, ctx) -> new Owner(rs.getLong("uploader_id"), Rows.longOrNull(rs, "chat_id")))
                .findOne());
    }

    @Override
    public Optional<Attachment> find(long attachmentId) {
        return stored(attachmentId).map(Stored::attachment);
    }

    @Override
    public Optional<Stored> stored(long attachmentId) {
        return db.read(h -> h.createQuery("SELECT blob_key, " + Rows.ATTACHMENT_COLUMNS + " FROM attachments WHERE id = :id")
                .bind("id", attachmentId)
                .map((rs, ctx) -> new Stored(Rows.ATTACHMENT.map(rs, ctx), rs.getString("blob_key")))
                .findOne());
    }

    @Override
    public long usedBytes(long uploaderId) {
        return db.read(h -> usedBytes(h, uploaderId));
    }

    private static long usedBytes(org.jdbi.v3.core.Handle h, long uploaderId) {
        return h.createQuery("SELECT COALESCE(SUM(size), 0) FROM attachments WHERE uploader_id = :uploader")
                .bind("uploader", uploaderId).mapTo(Long.class).one();
    }

    /**
     * The outer condition repeats "not sent": on PostgreSQL a send that attached a row after the
     * subquery picked it makes the DELETE re-check that row's new version and keep it.
     */
    @Override
    public int deleteOrphans(Instant before, int limit) {
        return db.write(h -> h.createUpdate("""
                        DELETE FROM attachments
                        WHERE message_id IS NULL AND created_at < :before AND id IN (
                            SELECT id FROM attachments WHERE message_id IS NULL AND created_at < :before LIMIT :limit)""")
                .bind("before", Rows.millis(before))
                .bind("limit", limit)
                .execute());
    }

    @Override
    public List<String> queuedBlobs(int limit) {
        return db.read(h -> h.createQuery("SELECT blob_key FROM blob_deletions LIMIT :limit")
                .bind("limit", limit).mapTo(String.class).list());
    }

    @Override
    public void blobsDeleted(List<String> keys) {
        if (keys.isEmpty()) return;
        db.write(h -> h.createUpdate("DELETE FROM blob_deletions WHERE blob_key IN (<keys>)").bindList("keys", keys).execute());
    }

    @Override
    public List<Long> inDatabase(int limit) {
        return db.read(h -> h.createQuery("SELECT id FROM attachments WHERE blob_key IS NULL ORDER BY id LIMIT :limit")
                .bind("limit", limit).mapTo(Long.class).list());
    }

    @Override
    public Optional<byte[]> databaseContent(long attachmentId) {
        return db.read(h -> h.createQuery("SELECT content FROM attachments WHERE id = :id AND blob_key IS NULL")
                .bind("id", attachmentId)
                .map((rs, ctx) -> rs.getBytes("content"))
                .findOne());
    }

    @Override
    public boolean moveToBlob(long attachmentId, String blobKey, String sha256) {
        return db.write(h -> h.createUpdate("""
                        UPDATE attachments SET blob_key = :key, sha256 = :sha256, content = :moved
                        WHERE id = :id AND blob_key IS NULL""")
                .bind("key", blobKey)
                .bind("sha256", sha256)
                .bind("moved", MOVED)
                .bind("id", attachmentId)
                .execute()) == 1;
    }
}
