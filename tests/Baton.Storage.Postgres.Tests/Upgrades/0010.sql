-- The database as schema version 0010 left it (PostgreSQL), for the upgrade tests: every row of UpgradeFixture,
-- written against that version's tables. Frozen: later migrations run against this file unchanged.

INSERT INTO tenants (
    id, email, plan, created_at, webhook_secret)
VALUES (
    'tnt_upgrade00001', 'upgrade@example.com', 'self_hosted', '2026-01-01 09:00Z',
    'whsec_00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff');
INSERT INTO api_keys (
    key_hash, tenant_id, prefix, is_primary, created_at)
VALUES (
    'hash-upgrade', 'tnt_upgrade00001', 'bt_upgr', true, '2026-01-01 09:00Z');

INSERT INTO cues (
    id, tenant_id, name, status, definition, next_run, last_run, run_count, fired_count, created_at, updated_at)
VALUES (
    'cue_upgrade0001', 'tnt_upgrade00001', 'hourly-report', 'active',
    '{"description":"Hourly report","schedule_type":"recurring","cron":"0 * * * *","timezone":"UTC",' ||
    '"transport":"worker","payload_json":"{}","max_attempts":3,"backoff_minutes":[1,5,15],' ||
    '"on_failure":{"email":true,"webhook":null,"pause":false},"verification_mode":"none","queue":"default",' ||
    '"task":"report","priority":0,"catch_up":"run_once_if_missed","require_payload_override":false,' ||
    '"required_payload_keys":[]}',
    '2026-01-01 13:00Z', '2026-01-01 12:00Z', 4, 5, '2026-01-01 09:00Z', '2026-01-01 12:00Z');

-- Executions, one per line of UpgradeFixture.Executions, in creation order (seq 1 to 11).

-- 1: pending, with a run, tags, an expiry and an idempotency key
INSERT INTO executions (
    id, tenant_id, status, scheduled_for, available_at, queue, task, priority, tags, payload, attempts, max_attempts,
    backoff_seconds, triggered_by, created_at, updated_at, expires_at, title, run_id, idempotency_key)
VALUES (
    '01900000-0000-7000-8000-000000000001', 'tnt_upgrade00001', 'pending', '2026-01-01 11:00Z', '2026-01-01 11:00Z',
    'default', 'report', 5, ARRAY['a', 'b']::text[], '{"n":1}', 0, 3, ARRAY[60, 300]::integer[], 'api',
    '2026-01-01 10:00Z', '2026-01-01 10:00Z', '2026-01-01 23:00Z', 'Pending report', 'run_upgrade', 'idem-1');

-- 2: retrying after a failed attempt
INSERT INTO executions (
    id, tenant_id, status, scheduled_for, available_at, queue, task, priority, tags, payload, attempts, max_attempts,
    backoff_seconds, triggered_by, created_at, updated_at, run_id, next_retry, error_message, started_at,
    last_attempt_at)
VALUES (
    '01900000-0000-7000-8000-000000000002', 'tnt_upgrade00001', 'retrying', '2026-01-01 11:00Z', '2026-01-01 12:05Z',
    'default', 'report', 0, ARRAY[]::text[], '{"n":2}', 1, 3, ARRAY[60, 300]::integer[], 'api', '2026-01-01 10:00Z',
    '2026-01-01 11:31Z', 'run_upgrade', '2026-01-01 12:05Z', 'boom', '2026-01-01 11:30Z', '2026-01-01 11:30Z');

-- 3: delivering: claimed by w-old, its lease live until 13:00
INSERT INTO executions (
    id, tenant_id, status, scheduled_for, available_at, queue, task, priority, tags, payload, attempts, max_attempts,
    backoff_seconds, triggered_by, created_at, updated_at, run_id, claimed_by_worker, claim_token, lease_seconds,
    lease_expires_at, last_heartbeat_at, progress, started_at, last_attempt_at, last_event_tx)
VALUES (
    '01900000-0000-7000-8000-000000000003', 'tnt_upgrade00001', 'delivering', '2026-01-01 11:00Z', '2026-01-01 11:00Z',
    'default', 'report', 0, ARRAY[]::text[], '{"n":3}', 1, 3, ARRAY[60, 300]::integer[], 'api', '2026-01-01 10:00Z',
    '2026-01-01 12:00Z', 'run_upgrade', 'w-old', 'tok-live-3', 3600, '2026-01-01 13:00Z', '2026-01-01 12:00Z',
    '{"pct":40}', '2026-01-01 12:00Z', '2026-01-01 12:00Z', '107');

-- 4: succeeded, fired by the cue, with outcome and evidence
INSERT INTO executions (
    id, tenant_id, status, scheduled_for, available_at, queue, task, priority, tags, payload, attempts, max_attempts,
    backoff_seconds, triggered_by, created_at, updated_at, cue_id, claimed_by_worker, started_at, last_attempt_at,
    outcome_success, outcome_result, outcome_metadata, outcome_recorded_at, outcome_state, evidence_external_id,
    evidence_result_url, evidence_result_type, evidence_summary, evidence_artifacts, finished_at)
VALUES (
    '01900000-0000-7000-8000-000000000004', 'tnt_upgrade00001', 'success', '2026-01-01 11:00Z', '2026-01-01 11:00Z',
    'default', 'report', 0, ARRAY[]::text[], '{}', 1, 3, ARRAY[60, 300]::integer[], 'scheduled', '2026-01-01 10:55Z',
    '2026-01-01 11:20Z', 'cue_upgrade0001', 'w-old', '2026-01-01 11:00Z', '2026-01-01 11:00Z', true, 'done',
    '{"k":"v"}', '2026-01-01 11:20Z', 'reported_success', 'ext-4', 'https://example.com/r/4', 'report', 'all good',
    '[{"name":"log.txt"}]', '2026-01-01 11:20Z');

-- 5: failed after its last attempt
INSERT INTO executions (
    id, tenant_id, status, scheduled_for, available_at, queue, task, priority, tags, payload, attempts, max_attempts,
    backoff_seconds, triggered_by, created_at, updated_at, error_message, started_at, last_attempt_at, outcome_success,
    outcome_error, outcome_recorded_at, outcome_state, finished_at)
VALUES (
    '01900000-0000-7000-8000-000000000005', 'tnt_upgrade00001', 'failed', '2026-01-01 11:00Z', '2026-01-01 11:00Z',
    'default', 'report', 0, ARRAY[]::text[], '{"n":5}', 3, 3, ARRAY[60, 300]::integer[], 'api', '2026-01-01 10:00Z',
    '2026-01-01 11:40Z', 'gave up', '2026-01-01 11:00Z', '2026-01-01 11:39Z', false, 'gave up', '2026-01-01 11:40Z',
    'reported_failure', '2026-01-01 11:40Z');

-- 6: missed: expired unclaimed
INSERT INTO executions (
    id, tenant_id, status, scheduled_for, available_at, queue, task, priority, tags, payload, attempts, max_attempts,
    backoff_seconds, triggered_by, created_at, updated_at, expires_at, finished_at)
VALUES (
    '01900000-0000-7000-8000-000000000006', 'tnt_upgrade00001', 'missed', '2026-01-01 11:00Z', '2026-01-01 11:00Z',
    'default', 'report', 0, ARRAY[]::text[], '{"n":6}', 0, 3, ARRAY[60, 300]::integer[], 'api', '2026-01-01 10:00Z',
    '2026-01-01 11:50Z', '2026-01-01 11:50Z', '2026-01-01 11:50Z');

-- 7: cancelled
INSERT INTO executions (
    id, tenant_id, status, scheduled_for, available_at, queue, task, priority, tags, payload, attempts, max_attempts,
    backoff_seconds, triggered_by, created_at, updated_at, agent, cancelled_at, cancel_reason, finished_at)
VALUES (
    '01900000-0000-7000-8000-000000000007', 'tnt_upgrade00001', 'cancelled', '2026-01-01 11:00Z', '2026-01-01 11:00Z',
    'default', 'report', 0, ARRAY[]::text[], '{"n":7}', 0, 3, ARRAY[60, 300]::integer[], 'api', '2026-01-01 10:00Z',
    '2026-01-01 11:45Z', 'alice', '2026-01-01 11:45Z', 'not needed', '2026-01-01 11:45Z');

-- 8: succeeded, waiting for manual verification
INSERT INTO executions (
    id, tenant_id, status, scheduled_for, available_at, queue, task, priority, tags, payload, attempts, max_attempts,
    backoff_seconds, triggered_by, created_at, updated_at, cue_id, claimed_by_worker, started_at, last_attempt_at,
    outcome_success, outcome_result, outcome_recorded_at, outcome_state, verification_mode, finished_at)
VALUES (
    '01900000-0000-7000-8000-000000000008', 'tnt_upgrade00001', 'success', '2026-01-01 11:10Z', '2026-01-01 11:10Z',
    'default', 'report', 0, ARRAY[]::text[], '{}', 1, 3, ARRAY[60, 300]::integer[], 'manual_fire', '2026-01-01 11:10Z',
    '2026-01-01 11:30Z', 'cue_upgrade0001', 'w-old', '2026-01-01 11:10Z', '2026-01-01 11:10Z', true, 'draft',
    '2026-01-01 11:30Z', 'verification_pending', 'manual', '2026-01-01 11:30Z');

-- 9: succeeded, then failed verification (its alert is below)
INSERT INTO executions (
    id, tenant_id, status, scheduled_for, available_at, queue, task, priority, tags, payload, attempts, max_attempts,
    backoff_seconds, triggered_by, created_at, updated_at, cue_id, claimed_by_worker, started_at, last_attempt_at,
    outcome_success, outcome_result, outcome_recorded_at, outcome_state, verification_mode, finished_at)
VALUES (
    '01900000-0000-7000-8000-000000000009', 'tnt_upgrade00001', 'success', '2026-01-01 10:00Z', '2026-01-01 10:00Z',
    'default', 'report', 0, ARRAY[]::text[], '{}', 1, 3, ARRAY[60, 300]::integer[], 'scheduled', '2026-01-01 09:55Z',
    '2026-01-01 11:46Z', 'cue_upgrade0001', 'w-old', '2026-01-01 10:00Z', '2026-01-01 10:00Z', true, 'no id',
    '2026-01-01 11:35Z', 'verification_failed', 'require_external_id', '2026-01-01 11:35Z');

-- 10: a webhook execution retrying after HTTP 503
INSERT INTO executions (
    id, tenant_id, status, scheduled_for, available_at, queue, task, priority, tags, payload, attempts, max_attempts,
    backoff_seconds, triggered_by, created_at, updated_at, cue_id, transport, next_retry, http_status, error_message,
    started_at, last_attempt_at)
VALUES (
    '01900000-0000-7000-8000-000000000010', 'tnt_upgrade00001', 'retrying', '2026-01-01 11:50Z', '2026-01-01 12:30Z',
    'default', NULL, 0, ARRAY[]::text[], '{}', 1, 3, ARRAY[60, 300]::integer[], 'manual_fire', '2026-01-01 11:50Z',
    '2026-01-01 11:50Z', 'cue_upgrade0001', 'webhook', '2026-01-01 12:30Z', 503, 'HTTP 503', '2026-01-01 11:50Z',
    '2026-01-01 11:50Z');

-- 11: a pending replay of the failed one
INSERT INTO executions (
    id, tenant_id, status, scheduled_for, available_at, queue, task, priority, tags, payload, attempts, max_attempts,
    backoff_seconds, triggered_by, created_at, updated_at, replayed_from)
VALUES (
    '01900000-0000-7000-8000-000000000011', 'tnt_upgrade00001', 'pending', '2026-01-01 12:00Z', '2026-01-01 12:00Z',
    'default', 'report', 0, ARRAY[]::text[], '{"n":5}', 0, 3, ARRAY[60, 300]::integer[], 'replay', '2026-01-01 11:55Z',
    '2026-01-01 11:55Z', '01900000-0000-7000-8000-000000000005');

INSERT INTO idempotency_keys (
    tenant_id, key, request_hash, execution_id, created_at)
VALUES (
    'tnt_upgrade00001', 'idem-1', 'hash-1', '01900000-0000-7000-8000-000000000001', '2026-01-01 10:00Z');
INSERT INTO workers (
    tenant_id, worker_id, handlers, version, host, last_heartbeat, registered_since, state)
VALUES (
    'tnt_upgrade00001', 'w-old', ARRAY['report']::text[], '1.2.3', 'box-1', '2026-01-01 12:00Z', '2026-01-01 09:00Z',
    'running');

-- Events: in (tx_id, id) order, the order readers read them in at this version; the ids were handed out
-- in a different order (a later transaction inserted first).
INSERT INTO events (
    tx_id, tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data)
VALUES (
    '100', 'tnt_upgrade00001', 'execution.created', '01900000-0000-7000-8000-000000000001', 'run_upgrade', NULL,
    'default', 'pending', '2026-01-01 10:00Z', NULL);
INSERT INTO events (
    tx_id, tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data)
VALUES (
    '102', 'tnt_upgrade00001', 'cue.fired', '01900000-0000-7000-8000-000000000004', NULL, 'cue_upgrade0001', 'default',
    'pending', '2026-01-01 10:55Z', '{"slot":"2026-01-01T11:00:00Z"}');
INSERT INTO events (
    tx_id, tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data)
VALUES (
    '101', 'tnt_upgrade00001', 'execution.created', '01900000-0000-7000-8000-000000000003', 'run_upgrade', NULL,
    'default', 'pending', '2026-01-01 10:00Z', NULL);
INSERT INTO events (
    tx_id, tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data)
VALUES (
    '103', 'tnt_upgrade00001', 'execution.succeeded', '01900000-0000-7000-8000-000000000004', NULL, 'cue_upgrade0001',
    'default', 'success', '2026-01-01 11:20Z', NULL);
INSERT INTO events (
    tx_id, tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data)
VALUES (
    '105', 'tnt_upgrade00001', 'execution.cancelled', '01900000-0000-7000-8000-000000000007', NULL, NULL, 'default',
    'cancelled', '2026-01-01 11:45Z', NULL);
INSERT INTO events (
    tx_id, tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data)
VALUES (
    '104', 'tnt_upgrade00001', 'execution.failed', '01900000-0000-7000-8000-000000000005', NULL, NULL, 'default',
    'failed', '2026-01-01 11:40Z', '{"error":"gave up"}');
INSERT INTO events (
    tx_id, tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data)
VALUES (
    '106', 'tnt_upgrade00001', 'execution.verified', '01900000-0000-7000-8000-000000000009', NULL, 'cue_upgrade0001',
    'default', 'success', '2026-01-01 11:46Z', '{"outcome_state":"verification_failed"}');
INSERT INTO events (
    tx_id, tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data)
VALUES (
    '107', 'tnt_upgrade00001', 'execution.claimed', '01900000-0000-7000-8000-000000000003', 'run_upgrade', NULL,
    'default', 'delivering', '2026-01-01 12:00Z', '{"worker_id":"w-old"}');

-- The cue effects had applied the first five events.
UPDATE cue_effects_cursor SET position = '104-6' WHERE name = 'global'; -- (tx_id, id) of the fifth

INSERT INTO alerts (
    id, tenant_id, cue_id, execution_id, alert_type, severity, message, created_at)
VALUES (
    'alr_upgrade0001', 'tnt_upgrade00001', 'cue_upgrade0001', '01900000-0000-7000-8000-000000000009',
    'verification_failed', 'warning', 'Execution failed verification: no external_id', '2026-01-01 11:35Z');
INSERT INTO alerts (
    id, tenant_id, cue_id, alert_type, severity, message, created_at)
VALUES (
    'alr_upgrade0002', 'tnt_upgrade00001', 'cue_upgrade0001', 'consecutive_failures', 'critical',
    'hourly-report failed 3 times in a row', '2026-01-01 11:41Z');

INSERT INTO agents (
    id, tenant_id, slug, display_name, metadata, status, created_at, updated_at)
VALUES (
    'agt_upgrade0001', 'tnt_upgrade00001', 'alice', 'Alice', '{}', 'online', '2026-01-01 09:00Z', '2026-01-01 09:00Z');
INSERT INTO agents (
    id, tenant_id, slug, display_name, metadata, status, created_at, updated_at)
VALUES (
    'agt_upgrade0002', 'tnt_upgrade00001', 'bob', 'Bob', '{}', 'online', '2026-01-01 09:00Z', '2026-01-01 09:00Z');
INSERT INTO messages (
    id, tenant_id, from_agent_id, to_agent_id, thread_id, subject, body, priority, expects_reply, delivery_state,
    metadata, execution_id, correlation_id, created_at, due_at, expires_at, delivered_at)
VALUES (
    'msg_upgrade0001', 'tnt_upgrade00001', 'agt_upgrade0001', 'agt_upgrade0002', 'thr_upgrade0001', 'Hello',
    'The report is late', 1, true, 'delivered', '{}', '01900000-0000-7000-8000-000000000003', 'corr-1',
    '2026-01-01 11:00Z', '2026-01-01 11:00Z', '2026-01-08 11:00Z', '2026-01-01 11:01Z');
