-- Agents (named identities of a tenant) and the messages between them (docs/messaging.md).

CREATE TABLE agents (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    slug            TEXT NOT NULL,
    display_name    TEXT NOT NULL,
    webhook_url     TEXT,
    webhook_secret  TEXT,
    metadata        TEXT NOT NULL,
    status          TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    deleted_at      INTEGER
);
-- A slug names one live agent; a deleted agent's slug may be taken again.
CREATE UNIQUE INDEX agents_slug ON agents (tenant_id, slug) WHERE deleted_at IS NULL;
CREATE INDEX agents_by_tenant ON agents (tenant_id, created_at);

CREATE TABLE messages (
    -- seq is the rowid: arrival order, the tie-breaker of inbox order.
    seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
    id                  TEXT NOT NULL UNIQUE,
    tenant_id           TEXT NOT NULL,
    from_agent_id       TEXT NOT NULL,
    to_agent_id         TEXT NOT NULL,
    thread_id           TEXT NOT NULL,
    reply_to            TEXT,
    subject             TEXT,
    body                TEXT NOT NULL,
    priority            INTEGER NOT NULL,
    expects_reply       INTEGER NOT NULL,
    reply_to_agent_id   TEXT,
    delivery_state      TEXT NOT NULL,
    metadata            TEXT NOT NULL,
    idempotency_key     TEXT,
    request_hash        TEXT,
    execution_id        TEXT,
    correlation_id      TEXT,
    created_at          INTEGER NOT NULL,
    send_at             INTEGER,
    -- When the message enters the inbox: send_at, or created_at without one.
    due_at              INTEGER NOT NULL,
    expires_at          INTEGER NOT NULL,
    delivered_at        INTEGER,
    read_at             INTEGER,
    acked_at            INTEGER,
    -- Push to the recipient's webhook_url: pending → sent | failed; null for pull-only recipients.
    push_state          TEXT,
    push_attempts       INTEGER NOT NULL DEFAULT 0,
    push_next_at        INTEGER,
    push_error          TEXT
);
CREATE INDEX messages_inbox ON messages (to_agent_id, delivery_state, due_at, seq);
CREATE INDEX messages_sent ON messages (from_agent_id, seq);
CREATE INDEX messages_thread ON messages (thread_id, seq);
CREATE UNIQUE INDEX messages_idempotency ON messages (from_agent_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX messages_push_due ON messages (push_next_at) WHERE push_state = 'pending';
CREATE INDEX messages_by_execution ON messages (tenant_id, execution_id) WHERE execution_id IS NOT NULL;
