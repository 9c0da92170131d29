-- Cues: the definition as one JSON text (read back whole, never queried into) beside the scheduler's columns.
CREATE TABLE cues (
    seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id           text NOT NULL UNIQUE,
    tenant_id    text NOT NULL,
    name         text NOT NULL,
    status       text NOT NULL,
    definition   text NOT NULL,
    next_run     timestamptz,
    last_run     timestamptz,
    run_count    bigint NOT NULL DEFAULT 0,
    fired_count  bigint NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    UNIQUE (tenant_id, name)
);
CREATE INDEX cues_by_tenant ON cues (tenant_id, seq);
CREATE INDEX cues_due ON cues (next_run) WHERE status = 'active' AND next_run IS NOT NULL;

-- A schedule slot fires once (docs/architecture.md, cues), even with several nodes: whichever scheduler inserts it first
-- wins, the others' inserts do nothing. Manual fires and replays may share a slot's time, so only scheduled
-- executions are constrained.
CREATE UNIQUE INDEX executions_one_per_slot ON executions (cue_id, scheduled_for) WHERE triggered_by = 'scheduled';
