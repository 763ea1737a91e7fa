-- When each cluster-wide job last ran (epoch milliseconds). Every node tries to claim a job with
-- one conditional UPDATE of its row; the one whose UPDATE changes the row runs the job, so a job
-- runs once per interval however many nodes there are, and the claim survives restarts.
CREATE TABLE maintenance_runs (
    job      TEXT   PRIMARY KEY,
    last_run BIGINT NOT NULL
);
INSERT INTO maintenance_runs (job, last_run) VALUES ('cleanup', 0);

-- What the cleanup job looks for, so each bounded batch is an index range rather than a table scan.
CREATE INDEX messages_created ON messages (created_at);
CREATE INDEX attachments_unsent ON attachments (created_at) WHERE message_id IS NULL;
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_revoked ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;
