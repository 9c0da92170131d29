-- Named leadership leases for loops that must run on one node at a time (the scheduler, pruning).
CREATE TABLE leader_leases (
    name        TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    expires_at  INTEGER NOT NULL
);
