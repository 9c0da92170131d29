-- How an execution is delivered and how its outcome is judged, both copied from its cue when it is made
-- (direct enqueues are worker executions with no verification), so the claim and outcome paths never read cues.
ALTER TABLE executions ADD COLUMN transport text NOT NULL DEFAULT 'worker';
ALTER TABLE executions ADD COLUMN verification_mode text NOT NULL DEFAULT 'none';

-- The tenant's webhook signing secret (whsec_ + 64 hex), made on first use.
ALTER TABLE tenants ADD COLUMN webhook_secret text;

-- Alerts: verification_failed, consecutive_failures (docs/state-machine.md; GET /v1/alerts lists them).
CREATE TABLE alerts (
    seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id            text NOT NULL UNIQUE,
    tenant_id     text NOT NULL,
    cue_id        text,
    execution_id  uuid,
    alert_type    text NOT NULL,
    severity      text NOT NULL,
    message       text NOT NULL,
    created_at    timestamptz NOT NULL
);
CREATE INDEX alerts_by_tenant ON alerts (tenant_id, created_at);
CREATE INDEX alerts_by_cue ON alerts (tenant_id, cue_id, alert_type, created_at);
