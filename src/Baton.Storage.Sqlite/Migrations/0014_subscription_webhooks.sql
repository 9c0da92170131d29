-- Subscriptions with delivery_target webhook: their events are POSTed (docs/messaging.md, "Webhook subscriptions").

-- A subscription's own target, overriding the agent's webhook_url, with its own signing secret; null: the agent's.
-- inline_body: a pushed message.delivered event carries the message body.
ALTER TABLE agent_subscriptions ADD COLUMN webhook_url TEXT;
ALTER TABLE agent_subscriptions ADD COLUMN webhook_secret TEXT;
ALTER TABLE agent_subscriptions ADD COLUMN inline_body INTEGER NOT NULL DEFAULT 0;

-- Push of the event to its webhook subscription, as for messages: pending → sent | failed; null for pull.
ALTER TABLE agent_events ADD COLUMN push_state TEXT;
ALTER TABLE agent_events ADD COLUMN push_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE agent_events ADD COLUMN push_next_at INTEGER;
ALTER TABLE agent_events ADD COLUMN push_error TEXT;
CREATE INDEX agent_events_push_due ON agent_events (push_next_at) WHERE push_state = 'pending';
