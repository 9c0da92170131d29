-- The overview's finishes per minute, kept on write like the counters of 0016: per tenant, minute (UTC) of
-- finished_at and status, the executions that finished in that minute and have that status. Counting them from the
-- executions cost a heap fetch per row finished in the window: 20,000 in a busy hour, about half of the overview's
-- time on PostgreSQL.
--
-- The counters' deltas carry the minute of their rows' finished_at (NULL for rows not finished), so the same
-- statement-level triggers write them with no extra statement, and the leader's fold adds them to finished_minutes
-- with the counters. An execution pruned is subtracted like any other; a minute whose count falls to zero is
-- deleted by the prune with the other counters.

-- Writers wait until this migration commits (the trigger functions are replaced below, which takes no lock on
-- executions): the minutes counted here and the deltas written after meet exactly.
LOCK TABLE executions IN SHARE ROW EXCLUSIVE MODE;

ALTER TABLE execution_count_deltas ADD COLUMN finished_minute timestamptz;

CREATE TABLE finished_minutes (
    tenant_id  text NOT NULL,
    minute     timestamptz NOT NULL,
    status     text NOT NULL,
    n          bigint NOT NULL,
    PRIMARY KEY (tenant_id, minute, status)
);

CREATE OR REPLACE FUNCTION count_inserted_executions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO execution_count_deltas
        (tenant_id, queue, task, run_id, status, finished_minute, n, first_created_at, last_finished_at, last_changed_at)
    SELECT tenant_id, queue, coalesce(task, ''), run_id, status, date_trunc('minute', finished_at, 'UTC'), count(*),
           min(created_at), max(finished_at), max(updated_at)
    FROM inserted GROUP BY 1, 2, 3, 4, 5, 6;
    RETURN NULL;
END $$;

-- As in 0016, with the minute of finished_at in the groups: a row that finishes gives -1 to its unfinished group
-- (minute NULL) and +1 to its status in its minute.
CREATE OR REPLACE FUNCTION count_changed_executions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO execution_count_deltas
        (tenant_id, queue, task, run_id, status, finished_minute, n, first_created_at, last_finished_at, last_changed_at)
    SELECT v.tenant_id, v.queue, v.task, v.run_id, v.status, v.minute, sum(v.d), NULL, max(a.finished_at), max(a.updated_at)
    FROM before_rows o JOIN after_rows a ON a.seq = o.seq
    CROSS JOIN LATERAL (VALUES
        (o.tenant_id, o.queue, coalesce(o.task, ''), o.run_id, o.status, date_trunc('minute', o.finished_at, 'UTC'), -1),
        (a.tenant_id, a.queue, coalesce(a.task, ''), a.run_id, a.status, date_trunc('minute', a.finished_at, 'UTC'), 1))
        v (tenant_id, queue, task, run_id, status, minute, d)
    WHERE a.status <> o.status OR a.queue <> o.queue OR a.task IS DISTINCT FROM o.task
       OR a.run_id IS DISTINCT FROM o.run_id
       OR date_trunc('minute', a.finished_at, 'UTC') IS DISTINCT FROM date_trunc('minute', o.finished_at, 'UTC')
    GROUP BY 1, 2, 3, 4, 5, 6;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION count_deleted_executions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO execution_count_deltas (tenant_id, queue, task, run_id, status, finished_minute, n)
    SELECT tenant_id, queue, coalesce(task, ''), run_id, status, date_trunc('minute', finished_at, 'UTC'), -count(*)
    FROM deleted GROUP BY 1, 2, 3, 4, 5, 6;
    RETURN NULL;
END $$;

INSERT INTO finished_minutes (tenant_id, minute, status, n)
SELECT tenant_id, date_trunc('minute', finished_at, 'UTC'), status, count(*)
FROM executions WHERE finished_at IS NOT NULL GROUP BY 1, 2, 3;
