-- Counters the dashboard reads instead of counting executions: per tenant, queue, task and status, and per run
-- (its executions by status, its first enqueue, last finish and last change of status). A missing task is counted
-- under ''.
--
-- Counting in place would make every claim and outcome update the same few counter rows, and concurrent
-- transactions would queue on those rows' locks until each commits. So statement-level triggers only ever INSERT
-- deltas: one INSERT per statement that changes executions, one row per (tenant, queue, task, run, status) group
-- it changed, never a row lock another writer waits on. The leader's maintenance pass folds the deltas into the
-- counters. A reader sums counters and deltas in one statement (one snapshot), so what it reads is exact whenever
-- the folding last ran.

CREATE TABLE execution_counts (
    tenant_id  text NOT NULL,
    queue      text NOT NULL,
    task       text NOT NULL,
    status     text NOT NULL,
    n          bigint NOT NULL,
    PRIMARY KEY (tenant_id, queue, task, status)
);

CREATE TABLE run_counts (
    tenant_id  text NOT NULL,
    run_id     text NOT NULL,
    status     text NOT NULL,
    n          bigint NOT NULL,
    PRIMARY KEY (tenant_id, run_id, status)
);

-- One row per run: the list of runs pages through it by (last_changed_at DESC, run_id).
CREATE TABLE runs (
    tenant_id        text NOT NULL,
    run_id           text NOT NULL,
    executions       bigint NOT NULL,
    first_created_at timestamptz,
    last_finished_at timestamptz,
    last_changed_at  timestamptz,
    PRIMARY KEY (tenant_id, run_id)
);
CREATE INDEX runs_by_activity ON runs (tenant_id, last_changed_at DESC, run_id COLLATE "C");

-- Insert-only; no index (the fold reads all of it, a reader reads the few seconds since the last fold).
-- run_id is NULL for executions outside a run; the times are those of the group's rows in the statement.
CREATE TABLE execution_count_deltas (
    tenant_id        text NOT NULL,
    queue            text NOT NULL,
    task             text NOT NULL,
    run_id           text,
    status           text NOT NULL,
    n                bigint NOT NULL,
    first_created_at timestamptz,
    last_finished_at timestamptz,
    last_changed_at  timestamptz
);

CREATE FUNCTION count_inserted_executions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO execution_count_deltas
        (tenant_id, queue, task, run_id, status, n, first_created_at, last_finished_at, last_changed_at)
    SELECT tenant_id, queue, coalesce(task, ''), run_id, status, count(*), min(created_at), max(finished_at), max(updated_at)
    FROM inserted GROUP BY 1, 2, 3, 4, 5;
    RETURN NULL;
END $$;

-- Only rows whose status (or queue, task or run) changed count: a heartbeat's or a renewal's statement keeps no
-- row and inserts nothing. The old and new rows of one execution meet on seq (one hash join), and each changed row
-- gives -1 to its old group and +1 to its new one.
CREATE FUNCTION count_changed_executions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO execution_count_deltas
        (tenant_id, queue, task, run_id, status, n, first_created_at, last_finished_at, last_changed_at)
    SELECT v.tenant_id, v.queue, v.task, v.run_id, v.status, sum(v.d), NULL, max(a.finished_at), max(a.updated_at)
    FROM before_rows o JOIN after_rows a ON a.seq = o.seq
    CROSS JOIN LATERAL (VALUES
        (o.tenant_id, o.queue, coalesce(o.task, ''), o.run_id, o.status, -1),
        (a.tenant_id, a.queue, coalesce(a.task, ''), a.run_id, a.status, 1)) v (tenant_id, queue, task, run_id, status, d)
    WHERE a.status <> o.status OR a.queue <> o.queue OR a.task IS DISTINCT FROM o.task
       OR a.run_id IS DISTINCT FROM o.run_id
    GROUP BY 1, 2, 3, 4, 5;
    RETURN NULL;
END $$;

CREATE FUNCTION count_deleted_executions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO execution_count_deltas (tenant_id, queue, task, run_id, status, n)
    SELECT tenant_id, queue, coalesce(task, ''), run_id, status, -count(*) FROM deleted GROUP BY 1, 2, 3, 4, 5;
    RETURN NULL;
END $$;

-- The triggers first: creating them locks out writers until this migration commits, so the counts read below
-- and the deltas written after them meet exactly. (The UPDATE trigger cannot name its columns: PostgreSQL refuses
-- column lists on triggers with transition tables; its join finds no changed row in a heartbeat's statement.)
CREATE TRIGGER executions_counted AFTER INSERT ON executions
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION count_inserted_executions();
CREATE TRIGGER executions_recounted AFTER UPDATE ON executions
    REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows FOR EACH STATEMENT EXECUTE FUNCTION count_changed_executions();
CREATE TRIGGER executions_uncounted AFTER DELETE ON executions
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION count_deleted_executions();

INSERT INTO execution_counts (tenant_id, queue, task, status, n)
SELECT tenant_id, queue, coalesce(task, ''), status, count(*) FROM executions GROUP BY 1, 2, 3, 4;

INSERT INTO run_counts (tenant_id, run_id, status, n)
SELECT tenant_id, run_id, status, count(*) FROM executions WHERE run_id IS NOT NULL GROUP BY 1, 2, 3;

INSERT INTO runs (tenant_id, run_id, executions, first_created_at, last_finished_at, last_changed_at)
SELECT tenant_id, run_id, count(*), min(created_at), max(finished_at), max(updated_at)
FROM executions WHERE run_id IS NOT NULL GROUP BY 1, 2;
