-- Indexes for the dashboard's and the API's filtered reads at 100,000+ executions.

-- A status filter read newest first: the rows of one status already in seq order, so a page is the index's last
-- 51 entries instead of every row of that status sorted.
DROP INDEX executions_by_tenant_status;
CREATE INDEX executions_by_tenant_status ON executions (tenant_id, status, seq);
