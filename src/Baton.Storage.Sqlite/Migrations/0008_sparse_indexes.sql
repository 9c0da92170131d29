-- Every index whose predicate a row matches costs a write (and on SQLite a WAL page) at each insert and each
-- transition. The lookups by run, cue, task and agent only ever ask for one value (`run_id = …` and so on, which
-- imply IS NOT NULL, so the planner still proves these indexes apply), so they only need the rows that have one.
-- An execution without a run, cue or agent (most of them) now enters three claim indexes instead of five and two
-- fewer indexes at every transition.
DROP INDEX executions_by_run;
DROP INDEX executions_by_cue;
CREATE INDEX executions_by_run ON executions (tenant_id, run_id, seq) WHERE run_id IS NOT NULL;
CREATE INDEX executions_by_cue ON executions (tenant_id, cue_id, seq) WHERE cue_id IS NOT NULL;

DROP INDEX executions_claim_task;
DROP INDEX executions_claim_run;
DROP INDEX executions_claim_agent;
CREATE INDEX executions_claim_task ON executions (tenant_id, task, priority DESC, available_at, seq)
    WHERE status IN ('pending', 'retrying') AND transport = 'worker' AND task IS NOT NULL;
CREATE INDEX executions_claim_run ON executions (tenant_id, run_id, priority DESC, available_at, seq)
    WHERE status IN ('pending', 'retrying') AND transport = 'worker' AND run_id IS NOT NULL;
CREATE INDEX executions_claim_agent ON executions (tenant_id, agent, priority DESC, available_at, seq)
    WHERE status IN ('pending', 'retrying') AND transport = 'worker' AND agent IS NOT NULL;
