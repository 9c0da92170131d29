-- Indexes for the dashboard's and the API's filtered reads at 100,000+ executions.

-- A status filter read newest first: the rows of one status already in seq order, so a page is the index's last
-- 51 entries instead of every row of that status sorted (or, as the planner also chose, every row of the tenant
-- walked backwards until 51 of the status turned up).
DROP INDEX executions_by_tenant_status;
CREATE INDEX executions_by_tenant_status ON executions (tenant_id, status, seq);

-- One execution's events (its timeline, /v1/events?execution_id=…): SQLite had this index from the start; here
-- the read walked the tenant's whole event log by seq.
CREATE INDEX events_by_execution ON events (execution_id, seq) WHERE execution_id IS NOT NULL;
