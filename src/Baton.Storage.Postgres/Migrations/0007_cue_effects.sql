-- Cue effects (once cues finishing, on_failure, on_success_fire, alerts) follow the event log from a durable
-- cursor, on the leader only (docs/architecture.md, "Cue effects"). One row: the leader's position in the log of
-- every tenant. It starts at the oldest transaction still running ("xmin-0": every event at or past it is read,
-- every one before it has committed already), so an upgraded database does not act now on work that finished
-- before cue effects existed.
CREATE TABLE cue_effects_cursor (
    name        text PRIMARY KEY,
    position    text NOT NULL,
    updated_at  timestamptz NOT NULL
);
INSERT INTO cue_effects_cursor (name, position, updated_at)
VALUES ('global', pg_snapshot_xmin(pg_current_snapshot())::text || '-0', now());

-- Reading every tenant's events in stream order (the per-tenant index leads with tenant_id).
CREATE INDEX events_by_position ON events (tx_id, id);

-- One row per event whose effects were applied, written in the effects' own transaction: an event read again
-- (a crash after the effects, before the cursor moved; or a second leader for a moment) finds its marker and
-- changes nothing twice. A marker is only needed until the cursor has passed its event, so old ones are deleted
-- as the cursor moves.
CREATE TABLE cue_effects_applied (
    event_id    bigint PRIMARY KEY,
    applied_at  timestamptz NOT NULL
);
CREATE INDEX cue_effects_applied_by_age ON cue_effects_applied (applied_at);
