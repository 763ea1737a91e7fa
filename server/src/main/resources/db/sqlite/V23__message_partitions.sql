-- PostgreSQL partitions its messages table from this version on (decision 0035). SQLite has no
-- partitions: an embedded database is one file on one node, and retention deletes rows in batches.
-- This version exists so both engines keep the same migration numbers.
SELECT 1;
