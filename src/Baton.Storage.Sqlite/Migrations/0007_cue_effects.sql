-- Cue effects (once cues finishing, on_failure, on_success_fire, alerts) follow the event log from a durable
-- cursor, on the leader only (docs/architecture.md, "Cue effects"). One row: the leader's position in the log of
-- every tenant. It starts after the events already written, so an upgraded database does not act now on work
-- that finished before cue effects existed.
CREATE TABLE cue_effects_cursor (
    name        TEXT PRIMARY KEY,
    position    TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);
INSERT INTO cue_effects_cursor (name, position, updated_at)
SELECT 'global', CAST(coalesce(max(id), 0) AS TEXT), 0 FROM events;

-- One row per event whose effects were applied, written in the effects' own transaction: an event read again
-- (a crash after the effects, before the cursor moved) finds its marker and changes nothing twice. A marker is
-- only needed until the cursor has passed its event, so old ones are deleted as the cursor moves.
CREATE TABLE cue_effects_applied (
    event_id    INTEGER PRIMARY KEY,
    applied_at  INTEGER NOT NULL
);
CREATE INDEX cue_effects_applied_by_age ON cue_effects_applied (applied_at);
