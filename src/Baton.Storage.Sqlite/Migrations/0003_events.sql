-- The event log: one row per execution/cue state change, written in the change's transaction. SQLite has one
-- writer at a time, so ids are handed out in commit order and a reader can simply read "id > cursor".
CREATE TABLE events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id     TEXT NOT NULL,
    type          TEXT NOT NULL,
    execution_id  TEXT,
    run_id        TEXT,
    cue_id        TEXT,
    queue         TEXT,
    status        TEXT,
    at            INTEGER NOT NULL,
    data          TEXT
);
CREATE INDEX events_by_tenant ON events (tenant_id, id);
CREATE INDEX events_by_execution ON events (execution_id, id);
CREATE INDEX events_by_at ON events (at);
