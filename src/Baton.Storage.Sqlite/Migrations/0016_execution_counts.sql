-- Counters the dashboard reads instead of counting executions: per tenant, queue, task and status, and per run
-- (its executions by status, its first enqueue, last finish and last change of status). Triggers keep them in the
-- transaction that changes an execution, so they are never behind what a reader of the executions sees; SQLite has
-- one writer, so counting in place contends with nothing. A missing task is counted under ''.

CREATE TABLE execution_counts (
    tenant_id  TEXT NOT NULL,
    queue      TEXT NOT NULL,
    task       TEXT NOT NULL,
    status     TEXT NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, queue, task, status)
) WITHOUT ROWID;

CREATE TABLE run_counts (
    tenant_id  TEXT NOT NULL,
    run_id     TEXT NOT NULL,
    status     TEXT NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, run_id, status)
) WITHOUT ROWID;

-- One row per run: the list of runs pages through it by (last_changed_at DESC, run_id).
CREATE TABLE runs (
    tenant_id        TEXT NOT NULL,
    run_id           TEXT NOT NULL,
    executions       INTEGER NOT NULL,
    first_created_at INTEGER NOT NULL,
    last_finished_at INTEGER,
    last_changed_at  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, run_id)
) WITHOUT ROWID;
CREATE INDEX runs_by_activity ON runs (tenant_id, last_changed_at DESC, run_id);

INSERT INTO execution_counts (tenant_id, queue, task, status, n)
SELECT tenant_id, queue, coalesce(task, ''), status, count(*) FROM executions GROUP BY 1, 2, 3, 4;

INSERT INTO run_counts (tenant_id, run_id, status, n)
SELECT tenant_id, run_id, status, count(*) FROM executions WHERE run_id IS NOT NULL GROUP BY 1, 2, 3;

INSERT INTO runs (tenant_id, run_id, executions, first_created_at, last_finished_at, last_changed_at)
SELECT tenant_id, run_id, count(*), min(created_at), max(finished_at), max(updated_at)
FROM executions WHERE run_id IS NOT NULL GROUP BY 1, 2;

-- Per-row triggers (SQLite has no statement-level ones), each as few statements as it can be: a changed row moves
-- its count from the old group to the new one in ONE upsert of two rows, and the run's triggers fire only for rows
-- in a run. An update that sets none of the counted columns (a heartbeat, a lease renewal, a verification) does
-- not fire them, and one that sets them to what they were stops at the WHEN.

CREATE TRIGGER executions_counted AFTER INSERT ON executions
BEGIN
    INSERT INTO execution_counts (tenant_id, queue, task, status, n)
    VALUES (new.tenant_id, new.queue, coalesce(new.task, ''), new.status, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER executions_run_counted AFTER INSERT ON executions WHEN new.run_id IS NOT NULL
BEGIN
    INSERT INTO run_counts (tenant_id, run_id, status, n) VALUES (new.tenant_id, new.run_id, new.status, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO runs (tenant_id, run_id, executions, first_created_at, last_finished_at, last_changed_at)
    VALUES (new.tenant_id, new.run_id, 1, new.created_at, new.finished_at, new.updated_at)
    ON CONFLICT DO UPDATE SET executions = executions + 1,
        first_created_at = min(first_created_at, excluded.first_created_at),
        last_changed_at = max(last_changed_at, excluded.last_changed_at);
END;

CREATE TRIGGER executions_recounted AFTER UPDATE OF status, queue, task ON executions
WHEN old.status IS NOT new.status OR old.queue IS NOT new.queue OR old.task IS NOT new.task
BEGIN
    INSERT INTO execution_counts (tenant_id, queue, task, status, n)
    VALUES (old.tenant_id, old.queue, coalesce(old.task, ''), old.status, -1),
           (new.tenant_id, new.queue, coalesce(new.task, ''), new.status, 1)
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

-- run_id is set at enqueue and never changed, so a run's counts move only between statuses.
CREATE TRIGGER executions_run_recounted AFTER UPDATE OF status ON executions
WHEN new.run_id IS NOT NULL AND old.status IS NOT new.status
BEGIN
    INSERT INTO run_counts (tenant_id, run_id, status, n)
    VALUES (old.tenant_id, old.run_id, old.status, -1), (new.tenant_id, new.run_id, new.status, 1)
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
    UPDATE runs SET last_changed_at = max(last_changed_at, new.updated_at),
        last_finished_at = coalesce(max(last_finished_at, new.finished_at), last_finished_at, new.finished_at)
    WHERE tenant_id = new.tenant_id AND run_id = new.run_id;
END;

CREATE TRIGGER executions_uncounted AFTER DELETE ON executions
BEGIN
    UPDATE execution_counts SET n = n - 1
    WHERE tenant_id = old.tenant_id AND queue = old.queue AND task = coalesce(old.task, '') AND status = old.status;
END;

CREATE TRIGGER executions_run_uncounted AFTER DELETE ON executions WHEN old.run_id IS NOT NULL
BEGIN
    UPDATE run_counts SET n = n - 1 WHERE tenant_id = old.tenant_id AND run_id = old.run_id AND status = old.status;
    UPDATE runs SET executions = executions - 1 WHERE tenant_id = old.tenant_id AND run_id = old.run_id;
    DELETE FROM runs WHERE tenant_id = old.tenant_id AND run_id = old.run_id AND executions = 0;
END;
