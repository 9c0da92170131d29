-- The database as schema version 0010 left it (SQLite), for the upgrade tests: every row of UpgradeFixture,
-- written against that version's tables. Frozen: later migrations run against this file unchanged.
-- Times are microseconds since the Unix epoch, as that version stored them.

INSERT INTO tenants (
    id, email, plan, created_at, webhook_secret)
VALUES (
    'tnt_upgrade00001', 'upgrade@example.com', 'self_hosted', unixepoch('2026-01-01 09:00') * 1000000,
    'whsec_00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff');
INSERT INTO api_keys (
    key_hash, tenant_id, prefix, is_primary, created_at)
VALUES (
    'hash-upgrade', 'tnt_upgrade00001', 'bt_upgr', 1, unixepoch('2026-01-01 09:00') * 1000000);

INSERT INTO cues (
    id, tenant_id, name, status, definition, next_run, last_run, run_count, fired_count, created_at, updated_at)
VALUES (
    'cue_upgrade0001', 'tnt_upgrade00001', 'hourly-report', 'active',
    '{"description":"Hourly report","schedule_type":"recurring","cron":"0 * * * *","timezone":"UTC",' ||
    '"transport":"worker","payload_json":"{}","max_attempts":3,"backoff_minutes":[1,5,15],' ||
    '"on_failure":{"email":true,"webhook":null,"pause":false},"verification_mode":"none","queue":"default",' ||
    '"task":"report","priority":0,"catch_up":"run_once_if_missed","require_payload_override":false,' ||
    '"required_payload_keys":[]}',
    unixepoch('2026-01-01 13:00') * 1000000, unixepoch('2026-01-01 12:00') * 1000000, 4, 5,
    unixepoch('2026-01-01 09:00') * 1000000, unixepoch('2026-01-01 12:00') * 1000000);

-- Executions, one per line of UpgradeFixture.Executions, in creation order (seq 1 to 11).

-- 1: pending, with a run, tags, an expiry and an idempotency key
INSERT INTO executions (
    id, tenant_id, status, scheduled_for, available_at, queue, task, priority, tags, payload, attempts, max_attempts,
    backoff_seconds, triggered_by, created_at, updated_at, expires_at, title, run_id, idempotency_key)
VALUES (
    '01900000-0000-7000-8000-000000000001', 'tnt_upgrade00001', 'pending', unixepoch('2026-01-01 11:00') * 1000000,
    unixepoch('2026-01-01 11:00') * 1000000, 'default', 'report', 5, '["a","b"]', '{"n":1}', 0, 3, '[60,300]', 'api',
    unixepoch('2026-01-01 10:00') * 1000000, unixepoch('2026-01-01 10:00') * 1000000,
    unixepoch('2026-01-01 23:00') * 1000000, 'Pending report', 'run_upgrade', 'idem-1');

-- 2: retrying after a failed attempt
INSERT INTO executions (
    id, tenant_id, status, scheduled_for, available_at, queue, task, priority, tags, payload, attempts, max_attempts,
    backoff_seconds, triggered_by, created_at, updated_at, run_id, next_retry, error_message, started_at,
    last_attempt_at)
VALUES (
    '01900000-0000-7000-8000-000000000002', 'tnt_upgrade00001', 'retrying', unixepoch('2026-01-01 11:00') * 1000000,
    unixepoch('2026-01-01 12:05') * 1000000, 'default', 'report', 0, '[]', '{"n":2}', 1, 3, '[60,300]', 'api',
    unixepoch('2026-01-01 10:00') * 1000000, unixepoch('2026-01-01 11:31') * 1000000, 'run_upgrade',
    unixepoch('2026-01-01 12:05') * 1000000, 'boom', unixepoch('2026-01-01 11:30') * 1000000,
    unixepoch('2026-01-01 11:30') * 1000000);

-- 3: delivering: claimed by w-old, its lease live until 13:00
INSERT INTO executions (
    id, tenant_id, status, scheduled_for, available_at, queue, task, priority, tags, payload, attempts, max_attempts,
    backoff_seconds, triggered_by, created_at, updated_at, run_id, claimed_by_worker, claim_token, lease_seconds,
    lease_expires_at, last_heartbeat_at, progress, started_at, last_attempt_at)
VALUES (
    '01900000-0000-7000-8000-000000000003', 'tnt_upgrade00001', 'delivering', unixepoch('2026-01-01 11:00') * 1000000,
    unixepoch('2026-01-01 11:00') * 1000000, 'default', 'report', 0, '[]', '{"n":3}', 1, 3, '[60,300]', 'api',
    unixepoch('2026-01-01 10:00') * 1000000, unixepoch('2026-01-01 12:00') * 1000000, 'run_upgrade', 'w-old',
    'tok-live-3', 3600, unixepoch('2026-01-01 13:00') * 1000000, unixepoch('2026-01-01 12:00') * 1000000, '{"pct":40}',
    unixepoch('2026-01-01 12:00') * 1000000, unixepoch('2026-01-01 12:00') * 1000000);

-- 4: succeeded, fired by the cue, with outcome and evidence
INSERT INTO executions (
    id, tenant_id, status, scheduled_for, available_at, queue, task, priority, tags, payload, attempts, max_attempts,
    backoff_seconds, triggered_by, created_at, updated_at, cue_id, claimed_by_worker, started_at, last_attempt_at,
    outcome_success, outcome_result, outcome_metadata, outcome_recorded_at, outcome_state, evidence_external_id,
    evidence_result_url, evidence_result_type, evidence_summary, evidence_artifacts, finished_at)
VALUES (
    '01900000-0000-7000-8000-000000000004', 'tnt_upgrade00001', 'success', unixepoch('2026-01-01 11:00') * 1000000,
    unixepoch('2026-01-01 11:00') * 1000000, 'default', 'report', 0, '[]', '{}', 1, 3, '[60,300]', 'scheduled',
    unixepoch('2026-01-01 10:55') * 1000000, unixepoch('2026-01-01 11:20') * 1000000, 'cue_upgrade0001', 'w-old',
    unixepoch('2026-01-01 11:00') * 1000000, unixepoch('2026-01-01 11:00') * 1000000, 1, 'done', '{"k":"v"}',
    unixepoch('2026-01-01 11:20') * 1000000, 'reported_success', 'ext-4', 'https://example.com/r/4', 'report',
    'all good', '[{"name":"log.txt"}]', unixepoch('2026-01-01 11:20') * 1000000);

-- 5: failed after its last attempt
INSERT INTO executions (
    id, tenant_id, status, scheduled_for, available_at, queue, task, priority, tags, payload, attempts, max_attempts,
    backoff_seconds, triggered_by, created_at, updated_at, error_message, started_at, last_attempt_at, outcome_success,
    outcome_error, outcome_recorded_at, outcome_state, finished_at)
VALUES (
    '01900000-0000-7000-8000-000000000005', 'tnt_upgrade00001', 'failed', unixepoch('2026-01-01 11:00') * 1000000,
    unixepoch('2026-01-01 11:00') * 1000000, 'default', 'report', 0, '[]', '{"n":5}', 3, 3, '[60,300]', 'api',
    unixepoch('2026-01-01 10:00') * 1000000, unixepoch('2026-01-01 11:40') * 1000000, 'gave up',
    unixepoch('2026-01-01 11:00') * 1000000, unixepoch('2026-01-01 11:39') * 1000000, 0, 'gave up',
    unixepoch('2026-01-01 11:40') * 1000000, 'reported_failure', unixepoch('2026-01-01 11:40') * 1000000);

-- 6: missed: expired unclaimed
INSERT INTO executions (
    id, tenant_id, status, scheduled_for, available_at, queue, task, priority, tags, payload, attempts, max_attempts,
    backoff_seconds, triggered_by, created_at, updated_at, expires_at, finished_at)
VALUES (
    '01900000-0000-7000-8000-000000000006', 'tnt_upgrade00001', 'missed', unixepoch('2026-01-01 11:00') * 1000000,
    unixepoch('2026-01-01 11:00') * 1000000, 'default', 'report', 0, '[]', '{"n":6}', 0, 3, '[60,300]', 'api',
    unixepoch('2026-01-01 10:00') * 1000000, unixepoch('2026-01-01 11:50') * 1000000,
    unixepoch('2026-01-01 11:50') * 1000000, unixepoch('2026-01-01 11:50') * 1000000);

-- 7: cancelled
INSERT INTO executions (
    id, tenant_id, status, scheduled_for, available_at, queue, task, priority, tags, payload, attempts, max_attempts,
    backoff_seconds, triggered_by, created_at, updated_at, agent, cancelled_at, cancel_reason, finished_at)
VALUES (
    '01900000-0000-7000-8000-000000000007', 'tnt_upgrade00001', 'cancelled', unixepoch('2026-01-01 11:00') * 1000000,
    unixepoch('2026-01-01 11:00') * 1000000, 'default', 'report', 0, '[]', '{"n":7}', 0, 3, '[60,300]', 'api',
    unixepoch('2026-01-01 10:00') * 1000000, unixepoch('2026-01-01 11:45') * 1000000, 'alice',
    unixepoch('2026-01-01 11:45') * 1000000, 'not needed', unixepoch('2026-01-01 11:45') * 1000000);

-- 8: succeeded, waiting for manual verification
INSERT INTO executions (
    id, tenant_id, status, scheduled_for, available_at, queue, task, priority, tags, payload, attempts, max_attempts,
    backoff_seconds, triggered_by, created_at, updated_at, cue_id, claimed_by_worker, started_at, last_attempt_at,
    outcome_success, outcome_result, outcome_recorded_at, outcome_state, verification_mode, finished_at)
VALUES (
    '01900000-0000-7000-8000-000000000008', 'tnt_upgrade00001', 'success', unixepoch('2026-01-01 11:10') * 1000000,
    unixepoch('2026-01-01 11:10') * 1000000, 'default', 'report', 0, '[]', '{}', 1, 3, '[60,300]', 'manual_fire',
    unixepoch('2026-01-01 11:10') * 1000000, unixepoch('2026-01-01 11:30') * 1000000, 'cue_upgrade0001', 'w-old',
    unixepoch('2026-01-01 11:10') * 1000000, unixepoch('2026-01-01 11:10') * 1000000, 1, 'draft',
    unixepoch('2026-01-01 11:30') * 1000000, 'verification_pending', 'manual', unixepoch('2026-01-01 11:30') * 1000000);

-- 9: succeeded, then failed verification (its alert is below)
INSERT INTO executions (
    id, tenant_id, status, scheduled_for, available_at, queue, task, priority, tags, payload, attempts, max_attempts,
    backoff_seconds, triggered_by, created_at, updated_at, cue_id, claimed_by_worker, started_at, last_attempt_at,
    outcome_success, outcome_result, outcome_recorded_at, outcome_state, verification_mode, finished_at)
VALUES (
    '01900000-0000-7000-8000-000000000009', 'tnt_upgrade00001', 'success', unixepoch('2026-01-01 10:00') * 1000000,
    unixepoch('2026-01-01 10:00') * 1000000, 'default', 'report', 0, '[]', '{}', 1, 3, '[60,300]', 'scheduled',
    unixepoch('2026-01-01 09:55') * 1000000, unixepoch('2026-01-01 11:46') * 1000000, 'cue_upgrade0001', 'w-old',
    unixepoch('2026-01-01 10:00') * 1000000, unixepoch('2026-01-01 10:00') * 1000000, 1, 'no id',
    unixepoch('2026-01-01 11:35') * 1000000, 'verification_failed', 'require_external_id',
    unixepoch('2026-01-01 11:35') * 1000000);

-- 10: a webhook execution retrying after HTTP 503
INSERT INTO executions (
    id, tenant_id, status, scheduled_for, available_at, queue, task, priority, tags, payload, attempts, max_attempts,
    backoff_seconds, triggered_by, created_at, updated_at, cue_id, transport, next_retry, http_status, error_message,
    started_at, last_attempt_at)
VALUES (
    '01900000-0000-7000-8000-000000000010', 'tnt_upgrade00001', 'retrying', unixepoch('2026-01-01 11:50') * 1000000,
    unixepoch('2026-01-01 12:30') * 1000000, 'default', NULL, 0, '[]', '{}', 1, 3, '[60,300]', 'manual_fire',
    unixepoch('2026-01-01 11:50') * 1000000, unixepoch('2026-01-01 11:50') * 1000000, 'cue_upgrade0001', 'webhook',
    unixepoch('2026-01-01 12:30') * 1000000, 503, 'HTTP 503', unixepoch('2026-01-01 11:50') * 1000000,
    unixepoch('2026-01-01 11:50') * 1000000);

-- 11: a pending replay of the failed one
INSERT INTO executions (
    id, tenant_id, status, scheduled_for, available_at, queue, task, priority, tags, payload, attempts, max_attempts,
    backoff_seconds, triggered_by, created_at, updated_at, replayed_from)
VALUES (
    '01900000-0000-7000-8000-000000000011', 'tnt_upgrade00001', 'pending', unixepoch('2026-01-01 12:00') * 1000000,
    unixepoch('2026-01-01 12:00') * 1000000, 'default', 'report', 0, '[]', '{"n":5}', 0, 3, '[60,300]', 'replay',
    unixepoch('2026-01-01 11:55') * 1000000, unixepoch('2026-01-01 11:55') * 1000000,
    '01900000-0000-7000-8000-000000000005');

INSERT INTO idempotency_keys (
    tenant_id, key, request_hash, execution_id, created_at)
VALUES (
    'tnt_upgrade00001', 'idem-1', 'hash-1', '01900000-0000-7000-8000-000000000001',
    unixepoch('2026-01-01 10:00') * 1000000);
INSERT INTO workers (
    tenant_id, worker_id, handlers, version, host, last_heartbeat, registered_since, state)
VALUES (
    'tnt_upgrade00001', 'w-old', '["report"]', '1.2.3', 'box-1', unixepoch('2026-01-01 12:00') * 1000000,
    unixepoch('2026-01-01 09:00') * 1000000, 'running');

-- Events, in stream order.
INSERT INTO events (
    tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data)
VALUES (
    'tnt_upgrade00001', 'execution.created', '01900000-0000-7000-8000-000000000001', 'run_upgrade', NULL, 'default',
    'pending', unixepoch('2026-01-01 10:00') * 1000000, NULL);
INSERT INTO events (
    tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data)
VALUES (
    'tnt_upgrade00001', 'execution.created', '01900000-0000-7000-8000-000000000003', 'run_upgrade', NULL, 'default',
    'pending', unixepoch('2026-01-01 10:00') * 1000000, NULL);
INSERT INTO events (
    tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data)
VALUES (
    'tnt_upgrade00001', 'cue.fired', '01900000-0000-7000-8000-000000000004', NULL, 'cue_upgrade0001', 'default',
    'pending', unixepoch('2026-01-01 10:55') * 1000000, '{"slot":"2026-01-01T11:00:00Z"}');
INSERT INTO events (
    tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data)
VALUES (
    'tnt_upgrade00001', 'execution.succeeded', '01900000-0000-7000-8000-000000000004', NULL, 'cue_upgrade0001',
    'default', 'success', unixepoch('2026-01-01 11:20') * 1000000, NULL);
INSERT INTO events (
    tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data)
VALUES (
    'tnt_upgrade00001', 'execution.failed', '01900000-0000-7000-8000-000000000005', NULL, NULL, 'default', 'failed',
    unixepoch('2026-01-01 11:40') * 1000000, '{"error":"gave up"}');
INSERT INTO events (
    tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data)
VALUES (
    'tnt_upgrade00001', 'execution.cancelled', '01900000-0000-7000-8000-000000000007', NULL, NULL, 'default',
    'cancelled', unixepoch('2026-01-01 11:45') * 1000000, NULL);
INSERT INTO events (
    tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data)
VALUES (
    'tnt_upgrade00001', 'execution.verified', '01900000-0000-7000-8000-000000000009', NULL, 'cue_upgrade0001',
    'default', 'success', unixepoch('2026-01-01 11:46') * 1000000, '{"outcome_state":"verification_failed"}');
INSERT INTO events (
    tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data)
VALUES (
    'tnt_upgrade00001', 'execution.claimed', '01900000-0000-7000-8000-000000000003', 'run_upgrade', NULL, 'default',
    'delivering', unixepoch('2026-01-01 12:00') * 1000000, '{"worker_id":"w-old"}');

-- The cue effects had applied the first five events.
UPDATE cue_effects_cursor SET position = '5' WHERE name = 'global';

INSERT INTO alerts (
    id, tenant_id, cue_id, execution_id, alert_type, severity, message, created_at)
VALUES (
    'alr_upgrade0001', 'tnt_upgrade00001', 'cue_upgrade0001', '01900000-0000-7000-8000-000000000009',
    'verification_failed', 'warning', 'Execution failed verification: no external_id',
    unixepoch('2026-01-01 11:35') * 1000000);
INSERT INTO alerts (
    id, tenant_id, cue_id, alert_type, severity, message, created_at)
VALUES (
    'alr_upgrade0002', 'tnt_upgrade00001', 'cue_upgrade0001', 'consecutive_failures', 'critical',
    'hourly-report failed 3 times in a row', unixepoch('2026-01-01 11:41') * 1000000);

INSERT INTO agents (
    id, tenant_id, slug, display_name, metadata, status, created_at, updated_at)
VALUES (
    'agt_upgrade0001', 'tnt_upgrade00001', 'alice', 'Alice', '{}', 'online', unixepoch('2026-01-01 09:00') * 1000000,
    unixepoch('2026-01-01 09:00') * 1000000);
INSERT INTO agents (
    id, tenant_id, slug, display_name, metadata, status, created_at, updated_at)
VALUES (
    'agt_upgrade0002', 'tnt_upgrade00001', 'bob', 'Bob', '{}', 'online', unixepoch('2026-01-01 09:00') * 1000000,
    unixepoch('2026-01-01 09:00') * 1000000);
INSERT INTO messages (
    id, tenant_id, from_agent_id, to_agent_id, thread_id, subject, body, priority, expects_reply, delivery_state,
    metadata, execution_id, correlation_id, created_at, due_at, expires_at, delivered_at)
VALUES (
    'msg_upgrade0001', 'tnt_upgrade00001', 'agt_upgrade0001', 'agt_upgrade0002', 'thr_upgrade0001', 'Hello',
    'The report is late', 1, 1, 'delivered', '{}', '01900000-0000-7000-8000-000000000003', 'corr-1',
    unixepoch('2026-01-01 11:00') * 1000000, unixepoch('2026-01-01 11:00') * 1000000,
    unixepoch('2026-01-08 11:00') * 1000000, unixepoch('2026-01-01 11:01') * 1000000);
