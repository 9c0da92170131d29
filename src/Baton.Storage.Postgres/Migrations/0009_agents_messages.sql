-- Agents (named identities of a tenant) and the messages between them (docs/messaging.md).

CREATE TABLE agents (
    id              text PRIMARY KEY,
    tenant_id       text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    slug            text NOT NULL,
    display_name    text NOT NULL,
    webhook_url     text,
    webhook_secret  text,
    metadata        jsonb NOT NULL,
    status          text NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    deleted_at      timestamptz
);
-- A slug names one live agent; a deleted agent's slug may be taken again.
CREATE UNIQUE INDEX agents_slug ON agents (tenant_id, slug) WHERE deleted_at IS NULL;
CREATE INDEX agents_by_tenant ON agents (tenant_id, created_at);

CREATE TABLE messages (
    -- seq is arrival order, the tie-breaker of inbox order.
    seq                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id                  text NOT NULL UNIQUE,
    tenant_id           text NOT NULL,
    from_agent_id       text NOT NULL,
    to_agent_id         text NOT NULL,
    thread_id           text NOT NULL,
    reply_to            text,
    subject             text,
    body                text NOT NULL,
    priority            integer NOT NULL,
    expects_reply       boolean NOT NULL,
    reply_to_agent_id   text,
    delivery_state      text NOT NULL,
    metadata            jsonb NOT NULL,
    idempotency_key     text,
    request_hash        text,
    execution_id        uuid,
    correlation_id      text,
    created_at          timestamptz NOT NULL,
    send_at             timestamptz,
    -- When the message enters the inbox: send_at, or created_at without one.
    due_at              timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL,
    delivered_at        timestamptz,
    read_at             timestamptz,
    acked_at            timestamptz,
    -- Push to the recipient's webhook_url: pending → sent | failed; null for pull-only recipients.
    push_state          text,
    push_attempts       integer NOT NULL DEFAULT 0,
    push_next_at        timestamptz,
    push_error          text
);
CREATE INDEX messages_inbox ON messages (to_agent_id, delivery_state, due_at, seq);
CREATE INDEX messages_sent ON messages (from_agent_id, seq);
CREATE INDEX messages_thread ON messages (thread_id, seq);
CREATE UNIQUE INDEX messages_idempotency ON messages (from_agent_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX messages_push_due ON messages (push_next_at) WHERE push_state = 'pending';
CREATE INDEX messages_by_execution ON messages (tenant_id, execution_id) WHERE execution_id IS NOT NULL;
