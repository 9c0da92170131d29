-- How an execution is delivered and how its outcome is judged, both copied from its cue when it is made
-- (direct enqueues are worker executions with no verification), so the claim and outcome paths never read cues.
ALTER TABLE executions ADD COLUMN transport TEXT NOT NULL DEFAULT 'worker';
ALTER TABLE executions ADD COLUMN verification_mode TEXT NOT NULL DEFAULT 'none';

-- The tenant's webhook signing secret (whsec_ + 64 hex), made on first use.
ALTER TABLE tenants ADD COLUMN webhook_secret TEXT;

-- Alerts: verification_failed, consecutive_failures (docs/state-machine.md; GET /v1/alerts lists them).
CREATE TABLE alerts (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT NOT NULL UNIQUE,
    tenant_id     TEXT NOT NULL,
    cue_id        TEXT,
    execution_id  TEXT,
    alert_type    TEXT NOT NULL,
    severity      TEXT NOT NULL,
    message       TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX alerts_by_tenant ON alerts (tenant_id, created_at);
CREATE INDEX alerts_by_cue ON alerts (tenant_id, cue_id, alert_type, created_at);
