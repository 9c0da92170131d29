-- Named leadership leases for loops that must run on one node at a time (the scheduler, pruning).
CREATE TABLE leader_leases (
    name        text PRIMARY KEY,
    holder      text NOT NULL,
    expires_at  timestamptz NOT NULL
);
