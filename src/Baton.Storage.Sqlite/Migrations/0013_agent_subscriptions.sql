-- Agents' subscriptions and event feeds (docs/messaging.md, "Subscriptions and events").

-- The agent's newest event id. Events are numbered per agent under the agent's lock (SQLite: the one writer), so
-- a feed's ids have no gaps and "after id N" never skips an event.
ALTER TABLE agents ADD COLUMN last_event_id INTEGER NOT NULL DEFAULT 0;

-- Whether the message's arrival in the inbox has been written to its recipient's feed. A message sent for later
-- stays 0 until the first send to or feed read of its recipient after its send_at. Messages older than the feeds
-- count as written.
ALTER TABLE messages ADD COLUMN announced INTEGER NOT NULL DEFAULT 1;
CREATE INDEX messages_unannounced ON messages (to_agent_id, due_at) WHERE announced = 0;

CREATE TABLE agent_subscriptions (
    id               TEXT PRIMARY KEY,
    tenant_id        TEXT NOT NULL,
    agent_id         TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    event_type       TEXT NOT NULL,
    delivery_target  TEXT NOT NULL,
    ack_watermark    INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE UNIQUE INDEX agent_subscriptions_by_type ON agent_subscriptions (agent_id, event_type);

CREATE TABLE agent_events (
    agent_id    TEXT NOT NULL,
    id          INTEGER NOT NULL,
    tenant_id   TEXT NOT NULL,
    event_type  TEXT NOT NULL,
    message_id  TEXT,
    data        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (agent_id, id)
);
