-- A status change is counted by the store, once per write, instead of by a per-row trigger: a claim or an outcome
-- batch of 100 rows moves one (tenant, queue, task, status) group by 100 in one upsert, where the triggers ran 200
-- (7–12 % of the store burn-down). The store's own statements are the only ones that change a status, and each
-- reports its moves in the same transaction (SqliteStore.Counts.cs), so the counters stay exact. Inserts and deletes
-- keep their triggers (0016).

DROP TRIGGER executions_recounted;
DROP TRIGGER executions_run_recounted;
