CREATE TABLE tenants (
    id          text PRIMARY KEY,
    email       text NOT NULL UNIQUE,
    plan        text NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE TABLE api_keys (
    key_hash    text PRIMARY KEY,
    tenant_id   text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    prefix      text NOT NULL,
    is_primary  boolean NOT NULL,
    created_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);
CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id);

CREATE TABLE executions (
    -- seq is creation order, the last tie-breaker of claim order.
    seq                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id                    uuid NOT NULL UNIQUE,
    tenant_id             text NOT NULL,
    cue_id                text,
    status                text NOT NULL,
    scheduled_for         timestamptz NOT NULL,
    available_at          timestamptz NOT NULL,
    expires_at            timestamptz,
    title                 text,
    queue                 text NOT NULL,
    task                  text,
    agent                 text,
    priority              integer NOT NULL,
    run_id                text,
    tags                  text[] NOT NULL,
    payload               text NOT NULL,
    attempts              integer NOT NULL,
    max_attempts          integer NOT NULL,
    backoff_seconds       integer[] NOT NULL,
    next_retry            timestamptz,
    claimed_by_worker     text,
    claim_token           text,
    lease_seconds         integer,
    lease_expires_at      timestamptz,
    last_heartbeat_at     timestamptz,
    progress              text,
    http_status           integer,
    error_message         text,
    started_at            timestamptz,
    delivered_at          timestamptz,
    last_attempt_at       timestamptz,
    outcome_success       boolean,
    outcome_result        text,
    outcome_error         text,
    outcome_metadata      text,
    outcome_recorded_at   timestamptz,
    outcome_state         text,
    evidence_external_id  text,
    evidence_result_url   text,
    evidence_result_ref   text,
    evidence_result_type  text,
    evidence_summary      text,
    evidence_artifacts    text,
    triggered_by          text NOT NULL,
    replayed_from         uuid,
    cancelled_at          timestamptz,
    cancel_reason         text,
    idempotency_key       text,
    finished_at           timestamptz,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL
);

-- Claim indexes: partial over claimable rows only, in claim order, one per filter a claim may lead with, so a
-- filtered claim walks only its own backlog (no starvation behind a LIMIT; docs/architecture.md). The claim statement repeats this WHERE exactly.
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

CREATE INDEX executions_due ON executions (available_at) WHERE status IN ('pending', 'retrying');
CREATE INDEX executions_leased ON executions (lease_expires_at) WHERE status = 'delivering';
CREATE INDEX executions_by_worker ON executions (tenant_id, claimed_by_worker) WHERE status = 'delivering';
CREATE INDEX executions_expiring ON executions (expires_at) WHERE status = 'pending' AND expires_at IS NOT NULL;
CREATE INDEX executions_finished ON executions (finished_at) WHERE finished_at IS NOT NULL;

CREATE INDEX executions_by_tenant ON executions (tenant_id, seq);
CREATE INDEX executions_by_tenant_status ON executions (tenant_id, status);
CREATE INDEX executions_by_run ON executions (tenant_id, run_id, seq);
CREATE INDEX executions_by_cue ON executions (tenant_id, cue_id, seq);

CREATE TABLE idempotency_keys (
    tenant_id     text NOT NULL,
    key           text NOT NULL,
    request_hash  text NOT NULL,
    execution_id  uuid NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

CREATE TABLE workers (
    tenant_id         text NOT NULL,
    worker_id         text NOT NULL,
    handlers          text[] NOT NULL,
    version           text,
    host              text,
    last_heartbeat    timestamptz NOT NULL,
    registered_since  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, worker_id)
);
