-- Attachments off the database (issue #14, decision 0033): the bytes live in a blob store (files
-- under the data directory, or S3) under blob_key; the row keeps the metadata. Rows written before
-- keep their bytes in content until the node moves them (blob_key NULL marks them); new rows carry
-- an empty content. sha256 (hex) is the file's ETag.
ALTER TABLE attachments ADD COLUMN blob_key TEXT;
ALTER TABLE attachments ADD COLUMN sha256 TEXT;

-- Blobs whose row is gone, to be deleted from the blob store by the cleanup job. A row's delete
-- queues its blob in the same transaction (whatever removed it: an unsent upload's expiry, a
-- message's deletion, retention), so a blob is deleted only once no message can name it, and a
-- crash between the two leaves the key queued instead of leaking the file.
CREATE TABLE blob_deletions (
    blob_key TEXT PRIMARY KEY
);

CREATE FUNCTION attachments_queue_blob() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO blob_deletions (blob_key) VALUES (OLD.blob_key) ON CONFLICT DO NOTHING;
    RETURN OLD;
END
$$;

CREATE TRIGGER attachments_queue_blob AFTER DELETE ON attachments
    FOR EACH ROW WHEN (OLD.blob_key IS NOT NULL) EXECUTE FUNCTION attachments_queue_blob();

-- A user's quota sums the sizes of their live uploads; the mover finds rows still to move.
CREATE INDEX attachments_uploader ON attachments (uploader_id);
CREATE INDEX attachments_in_database ON attachments (id) WHERE blob_key IS NULL;
