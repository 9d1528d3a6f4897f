-- newsetl schema, version 2: backfill checkpoints.
-- One row per finished (or failed) partition of a backfill. A rerun of the
-- same backfill skips partitions whose latest row says 'done'.
CREATE TABLE IF NOT EXISTS {{db}}.backfill_partitions (
    source          String,
    partition_start Date,            -- first day of the partition
    partition_end   Date,            -- first day after it
    status          String,          -- done, failed
    run_id          String,          -- the ingest_runs row of this partition
    articles        UInt32,          -- new and changed articles written
    facts           UInt64,
    finished_at     DateTime('UTC'),
    version         UInt64           -- unix milliseconds; the newest row wins
) ENGINE = ReplacingMergeTree(version)
ORDER BY (source, partition_start, partition_end);
