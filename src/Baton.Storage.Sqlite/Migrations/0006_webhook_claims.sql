-- Webhook executions are delivered by the server's own dispatcher, never claimed by workers. The worker claim
-- indexes now cover only worker rows, and the claim statements repeat `transport = 'worker'` word for word:
-- SQLite uses a partial index only when the query's WHERE contains each term of the index's WHERE.
DROP INDEX executions_claim_any;
DROP INDEX executions_claim_task;
DROP INDEX executions_claim_queue;
DROP INDEX executions_claim_run;
DROP INDEX executions_claim_agent;

CREATE INDEX executions_claim_any ON executions (tenant_id, priority DESC, available_at, seq)
    WHERE status IN ('pending', 'retrying') AND transport = 'worker';
CREATE INDEX executions_claim_task ON executions (tenant_id, task, priority DESC, available_at, seq)
    WHERE status IN ('pending', 'retrying') AND transport = 'worker';
CREATE INDEX executions_claim_queue ON executions (tenant_id, queue, priority DESC, available_at, seq)
    WHERE status IN ('pending', 'retrying') AND transport = 'worker';
CREATE INDEX executions_claim_run ON executions (tenant_id, run_id, priority DESC, available_at, seq)
    WHERE status IN ('pending', 'retrying') AND transport = 'worker';
CREATE INDEX executions_claim_agent ON executions (tenant_id, agent, priority DESC, available_at, seq)
    WHERE status IN ('pending', 'retrying') AND transport = 'worker';

-- The dispatcher claims due webhook executions of every tenant, in claim order.
CREATE INDEX executions_claim_webhook ON executions (priority DESC, available_at, seq)
    WHERE status IN ('pending', 'retrying') AND transport = 'webhook';
