-- Agents' subscriptions and event feeds (docs/messaging.md, "Subscriptions and events").

-- The agent's newest event id. Events are numbered per agent while holding the agent row's lock, so a later id's
-- transaction cannot commit before an earlier one's: a feed's ids have no gaps and "after id N" never skips one.
ALTER TABLE agents ADD COLUMN last_event_id bigint NOT NULL DEFAULT 0;

-- Whether the message's arrival in the inbox has been written to its recipient's feed. A message sent for later
-- stays false until the first send to or feed read of its recipient after its send_at. Messages older than the
-- feeds count as written.
ALTER TABLE messages ADD COLUMN announced boolean NOT NULL DEFAULT true;
CREATE INDEX messages_unannounced ON messages (to_agent_id, due_at) WHERE NOT announced;

CREATE TABLE agent_subscriptions (
    id               text PRIMARY KEY,
    tenant_id        text NOT NULL,
    agent_id         text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    event_type       text NOT NULL,
    delivery_target  text NOT NULL,
    ack_watermark    bigint NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE UNIQUE INDEX agent_subscriptions_by_type ON agent_subscriptions (agent_id, event_type);

CREATE TABLE agent_events (
    agent_id    text NOT NULL,
    id          bigint NOT NULL,
    tenant_id   text NOT NULL,
    event_type  text NOT NULL,
    message_id  text,
    data        jsonb NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (agent_id, id)
);
