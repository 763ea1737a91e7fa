package io.vestnik.store.sql;

import io.vestnik.domain.Attachment;
import io.vestnik.store.AttachmentStore;
import java.time.Instant;
import java.util.Optional;

/** Files with their content in the database, so every node can serve every file. */
final class JdbcAttachmentStore implements AttachmentStore {
    private final Db db;

    JdbcAttachmentStore(Db db) {
        this.db = db;
    }

    @Override
    public Attachment save(long uploaderId, String name, String contentType, byte[] content, Instant now) {
        return db.write(h -> h.createQuery("""
                        INSERT INTO attachments (uploader_id, name, content_type, size, content, created_at)
                        VALUES (:uploader, :name, :type, :size, :content, :now)
                        RETURNING""" + " " + Rows.ATTACHMENT_COLUMNS)
                .bind("uploader", uploaderId)
                .bind("name", name)
                .bind("type", contentType)
                .bind("size", (long) content.length)
                .bind("content", content)
                .bind("now", Rows.millis(now))
                .map(Rows.ATTACHMENT)
                .one());
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
        return db.read(h -> h.createQuery("SELECT " + Rows.ATTACHMENT_COLUMNS + " FROM attachments WHERE id = :id")
                .bind("id", attachmentId)
                .map(Rows.ATTACHMENT)
                .findOne());
    }

    @Override
    public Optional<byte[]> content(long attachmentId) {
        return db.read(h -> h.createQuery("SELECT content FROM attachments WHERE id = :id")
                .bind("id", attachmentId)
                .map((rs, ctx) -> rs.getBytes("content"))
                .findOne());
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
}
