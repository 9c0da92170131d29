-- Times are INTEGER microseconds since the Unix epoch (UTC); JSON values are TEXT.

CREATE TABLE tenants (
    id          TEXT PRIMARY KEY,
    email       TEXT NOT NULL UNIQUE,
    plan        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE api_keys (
    key_hash    TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    prefix      TEXT NOT NULL,
    is_primary  INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);
CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id);

CREATE TABLE executions (
    -- seq is the rowid: creation order, the last tie-breaker of claim order.
    seq                   INTEGER PRIMARY KEY AUTOINCREMENT,
    id                    TEXT NOT NULL UNIQUE,
    tenant_id             TEXT NOT NULL,
    cue_id                TEXT,
    status                TEXT NOT NULL,
    scheduled_for         INTEGER NOT NULL,
    available_at          INTEGER NOT NULL,
    expires_at            INTEGER,
    title                 TEXT,
    queue                 TEXT NOT NULL,
    task                  TEXT,
    agent                 TEXT,
    priority              INTEGER NOT NULL,
    run_id                TEXT,
    tags                  TEXT NOT NULL,
    payload               TEXT NOT NULL,
    attempts              INTEGER NOT NULL,
    max_attempts          INTEGER NOT NULL,
    backoff_seconds       TEXT NOT NULL,
    next_retry            INTEGER,
    claimed_by_worker     TEXT,
    claim_token           TEXT,
    lease_seconds         INTEGER,
    lease_expires_at      INTEGER,
    last_heartbeat_at     INTEGER,
    progress              TEXT,
    http_status           INTEGER,
    error_message         TEXT,
    started_at            INTEGER,
    delivered_at          INTEGER,
    last_attempt_at       INTEGER,
    outcome_success       INTEGER,
    outcome_result        TEXT,
    outcome_error         TEXT,
    outcome_metadata      TEXT,
    outcome_recorded_at   INTEGER,
    outcome_state         TEXT,
    evidence_external_id  TEXT,
    evidence_result_url   TEXT,
    evidence_result_ref   TEXT,
    evidence_result_type  TEXT,
    evidence_summary      TEXT,
    evidence_artifacts    TEXT,
    triggered_by          TEXT NOT NULL,
    replayed_from         TEXT,
    cancelled_at          INTEGER,
    cancel_reason         TEXT,
    idempotency_key       TEXT,
    finished_at           INTEGER,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
);

-- Claim indexes: partial over claimable rows only, in claim order, one per filter a claim may lead with. A
-- claim filtered by task walks only that task's claimable rows, so its cost does not grow with other tasks'
-- backlog (no starvation behind a LIMIT; docs/architecture.md). The WHERE text must match the claim query's term exactly for SQLite to use them.
CREATE INDEX executions_claim_any ON executions (tenant_id, priority DESC, available_at, seq)
    WHERE status IN ('pending', 'retrying');
CREATE INDEX executions_claim_task ON executions (tenant_id, task, priority DESC, available_at, seq)
    WHERE status IN ('pending', 'retrying');
CREATE INDEX executions_claim_queue ON executions (tenant_id, queue, priority DESC, available_at, seq)
    WHERE status IN ('pending', 'retrying');
CREATE INDEX executions_claim_run ON executions (tenant_id, run_id, priority DESC, available_at, seq)
    WHERE status IN ('pending', 'retrying');
CREATE INDEX executions_claim_agent ON executions (tenant_id, agent, priority DESC, available_at, seq)
    WHERE status IN ('pending', 'retrying');

-- Background work and wake-ups.
CREATE INDEX executions_due ON executions (available_at) WHERE status IN ('pending', 'retrying');
CREATE INDEX executions_leased ON executions (lease_expires_at) WHERE status = 'delivering';
CREATE INDEX executions_by_worker ON executions (tenant_id, claimed_by_worker) WHERE status = 'delivering';
CREATE INDEX executions_expiring ON executions (expires_at) WHERE status = 'pending' AND expires_at IS NOT NULL;
CREATE INDEX executions_finished ON executions (finished_at) WHERE finished_at IS NOT NULL;

-- Listing.
CREATE INDEX executions_by_tenant ON executions (tenant_id, seq);
CREATE INDEX executions_by_tenant_status ON executions (tenant_id, status);
CREATE INDEX executions_by_run ON executions (tenant_id, run_id, seq);
CREATE INDEX executions_by_cue ON executions (tenant_id, cue_id, seq);

CREATE TABLE idempotency_keys (
    tenant_id     TEXT NOT NULL,
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    execution_id  TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

CREATE TABLE workers (
    tenant_id         TEXT NOT NULL,
    worker_id         TEXT NOT NULL,
    handlers          TEXT NOT NULL,
    version           TEXT,
    host              TEXT,
    last_heartbeat    INTEGER NOT NULL,
    registered_since  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, worker_id)
);
