-- A user's latest snapshot is looked up to reuse it, and their oldest beyond the cap removed.
CREATE INDEX stream_snapshots_user ON stream_snapshots (user_id, id);
