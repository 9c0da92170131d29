-- Cues: the definition as one JSON text (read back whole, never queried into) beside the scheduler's columns.
CREATE TABLE cues (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    id           TEXT NOT NULL UNIQUE,
    tenant_id    TEXT NOT NULL,
    name         TEXT NOT NULL,
    status       TEXT NOT NULL,
    definition   TEXT NOT NULL,
    next_run     INTEGER,
    last_run     INTEGER,
    run_count    INTEGER NOT NULL DEFAULT 0,
    fired_count  INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    UNIQUE (tenant_id, name)
);
CREATE INDEX cues_by_tenant ON cues (tenant_id, seq);
CREATE INDEX cues_due ON cues (next_run) WHERE status = 'active' AND next_run IS NOT NULL;

-- A schedule slot fires once (docs/architecture.md, cues): whichever scheduler inserts it first wins, the others' inserts
-- do nothing. Manual fires and replays may share a slot's time, so only scheduled executions are constrained.
CREATE UNIQUE INDEX executions_one_per_slot ON executions (cue_id, scheduled_for) WHERE triggered_by = 'scheduled';
