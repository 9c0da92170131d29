-- The event log in commit-visible order, numbered by Baton itself (docs/architecture.md, "The event log").
--
-- Until now readers only read below pg_snapshot_xmin, the oldest transaction running anywhere in the cluster, so a
-- long transaction in an unrelated database held every reader back. Now writers insert events unnumbered (seq NULL)
-- and a short sequencing transaction, serialised on the one event_sequence row, gives every committed unnumbered
-- event the next number in id order. Numbers become visible a whole sequencing transaction at a time, each after the
-- previous one, so the numbers any reader sees are a prefix of the log: "seq > cursor" never passes a gap that
-- fills later, and nothing outside Baton's own short sequencing steps is ever waited on.
ALTER TABLE events ADD COLUMN seq bigint;

CREATE TABLE event_sequence (
    name  text PRIMARY KEY,
    last  bigint NOT NULL
);

-- Events already written keep the order readers saw them in: (tx_id, id).
WITH numbered AS (SELECT id, row_number() OVER (ORDER BY tx_id, id) AS n FROM events)
UPDATE events e SET seq = numbered.n FROM numbered WHERE e.id = numbered.id;
INSERT INTO event_sequence (name, last) VALUES ('events', (SELECT coalesce(max(seq), 0) FROM events));

CREATE UNIQUE INDEX events_by_seq ON events (seq);
CREATE INDEX events_by_tenant_seq ON events (tenant_id, seq);
-- What the sequencer looks for; a row leaves this index once numbered.
CREATE INDEX events_unnumbered ON events (id) WHERE seq IS NULL;
DROP INDEX events_by_tenant_position;
DROP INDEX events_by_position;

-- The cue effects' cursor moves to the new numbering: the last number at or before its old position (old cursors
-- sent by clients are converted the same way when they arrive).
UPDATE cue_effects_cursor SET position = (
    SELECT coalesce(max(seq), 0)::text FROM events
    WHERE (tx_id, id) <= (split_part(position, '-', 1)::xid8, split_part(position, '-', 2)::bigint));
