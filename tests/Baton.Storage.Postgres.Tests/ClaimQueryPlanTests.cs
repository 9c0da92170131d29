using Baton.Testing;
using Npgsql;
using Xunit;

namespace Baton.Storage.Postgres.Tests;

/// <summary>
/// With 100,000 pending executions of another task, the claim for task <c>b</c> reads only <c>b</c>'s claimable
/// rows through the partial claim index (DESIGN §4.2), so its cost does not grow with the other backlog; the
/// webhook dispatcher's claim across tenants reads only webhook rows through its own partial index.
/// </summary>
public sealed class ClaimQueryPlanTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Task_filtered_and_dispatcher_claims_use_their_partial_claim_indexes_behind_a_large_backlog()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await using var c = new NpgsqlConnection(connectionString);
            await c.OpenAsync(ct);
            await using (var fill = new NpgsqlCommand("""
                             INSERT INTO executions (id, tenant_id, status, scheduled_for, available_at, queue, task,
                                 priority, tags, payload, attempts, max_attempts, backoff_seconds, triggered_by,
                                 created_at, updated_at, transport)
                             SELECT gen_random_uuid(), 't1', 'pending', now(), now(), 'default',
                                 CASE WHEN i % 10000 = 0 THEN 'b' ELSE 'a' END, 0, '{}', '{}', 0, 3, '{}', 'api', now(), now(),
                                 CASE WHEN i % 1000 = 7 THEN 'webhook' ELSE 'worker' END
                             FROM generate_series(1, 100000) i;
                             ANALYZE executions;
                             """, c))
            {
                await fill.ExecuteNonQueryAsync(ct);
            }

            var text = await ExplainAsync(c, """
                WITH picked AS (
                    SELECT e.seq FROM executions e
                    WHERE e.tenant_id = 't1' AND e.status IN ('pending', 'retrying') AND e.transport = 'worker'
                      AND e.available_at <= now() AND (e.expires_at IS NULL OR e.expires_at > now() OR e.attempts > 0)
                      AND e.task = 'b'
                    ORDER BY e.priority DESC, e.available_at, e.seq
                    LIMIT 10
                    FOR UPDATE SKIP LOCKED)
                UPDATE executions e SET status = 'delivering' FROM picked WHERE e.seq = picked.seq
                """, ct);
            Assert.Contains("executions_claim_task", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Seq Scan", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Sort", text, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "claim-plan.txt"), text);

            var webhook = await ExplainAsync(c, """
                WITH picked AS (
                    SELECT e.seq FROM executions e
                    WHERE e.status IN ('pending', 'retrying') AND e.transport = 'webhook' AND e.available_at <= now()
                      AND (e.expires_at IS NULL OR e.expires_at > now() OR e.attempts > 0)
                    ORDER BY e.priority DESC, e.available_at, e.seq
                    LIMIT 10
                    FOR UPDATE SKIP LOCKED)
                UPDATE executions e SET status = 'delivering' FROM picked WHERE e.seq = picked.seq
                """, ct);
            Assert.Contains("executions_claim_webhook", webhook, StringComparison.Ordinal);
            Assert.DoesNotContain("Seq Scan", webhook, StringComparison.Ordinal);
            Assert.DoesNotContain("Sort", webhook, StringComparison.Ordinal);

            // The run and cue indexes hold only rows with a run or cue (migration 0008); an equality implies that.
            foreach (var (column, index) in new[] { ("run_id", "executions_by_run"), ("cue_id", "executions_by_cue") })
            {
                var lookup = await ExplainAsync(c,
                    $"SELECT e.seq FROM executions e WHERE e.tenant_id = 't1' AND e.{column} = 'r' ORDER BY e.seq DESC LIMIT 10", ct);
                Assert.Contains(index, lookup, StringComparison.Ordinal);
            }
        }
        finally
        {
            await cluster.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task<string> ExplainAsync(NpgsqlConnection c, string statement, CancellationToken ct)
    {
        await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) " + statement, c);
        var plan = new List<string>();
        await using (var r = await explain.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct)) plan.Add(r.GetString(0));
        }

        return string.Join("\n", plan);
    }
}
