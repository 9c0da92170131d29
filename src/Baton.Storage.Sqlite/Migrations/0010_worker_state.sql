-- What a worker last said about itself: running (every ordinary heartbeat), stopping (draining after SIGTERM) or
-- stopped (exited cleanly), so `workers ls` shows a stopped worker as stopped instead of active until its
-- heartbeats go stale.
ALTER TABLE workers ADD COLUMN state TEXT NOT NULL DEFAULT 'running';
