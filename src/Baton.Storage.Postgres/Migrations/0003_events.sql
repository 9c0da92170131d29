-- The event log: one row per execution/cue state change, written in the change's transaction.
--
-- Identity values are handed out at insert, not at commit, so "id > cursor" would skip an event whose
-- transaction commits after a later id was already read. Instead each event records its writer's transaction
-- id (xid8), the stream is ordered by (tx_id, id), and readers only read below the oldest transaction still
-- running (pg_snapshot_xmin): nothing can ever be added below that line, so a cursor never passes a gap that
-- fills later. See docs/architecture.md.
CREATE TABLE events (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tx_id         xid8 NOT NULL DEFAULT pg_current_xact_id(),
    tenant_id     text NOT NULL,
    type          text NOT NULL,
    execution_id  uuid,
    run_id        text,
    cue_id        text,
    queue         text,
    status        text,
    at            timestamptz NOT NULL,
    data          text
);
CREATE INDEX events_by_tenant_position ON events (tenant_id, tx_id, id);
CREATE INDEX events_by_at ON events (at);

-- The transaction that wrote an execution's latest event. A transition whose own transaction id is older
-- retries with a fresh one, so one execution's events are always in stream order (see PostgresStore.Executions).
ALTER TABLE executions ADD COLUMN last_event_tx xid8;
