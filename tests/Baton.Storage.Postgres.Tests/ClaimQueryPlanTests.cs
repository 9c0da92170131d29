using Baton.Testing;
using Npgsql;
using Xunit;

namespace Baton.Storage.Postgres.Tests;

/// <summary>
/// With 100,000 pending executions of another task, the claim for task <c>b</c> reads only <c>b</c>'s claimable
/// rows through the partial claim index (so a claim never starves behind other work), so its cost does not grow with the other backlog; the
/// webhook dispatcher's claim across tenants reads only webhook rows through its own partial index.
/// </summary>
[Collection(BulkLoadCollection.Name)]
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

    /// <summary>
    /// A prepared claim is planned for its values five times, then PostgreSQL compares those plans' cost with the
    /// generic plan's and keeps whichever looks cheaper. The claim compares the time as <c>(SELECT @now)</c> so both
    /// cost the same and the generic plan is kept; with a bare <c>@now</c> the custom plans looked cheaper by about
    /// the planning allowance, and a burn-down flipped between the two (every claim planned afresh, 0.7–1.1 ms).
    /// </summary>
    [Fact]
    public async Task The_claim_costs_the_same_planned_for_its_values_as_planned_generically()
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
                             SELECT gen_random_uuid(), 't1', 'pending', now() - interval '1 minute',
                                 now() - interval '1 minute', 'default', 'a', 0, '{}', '{}', 0, 3, '{}', 'api', now(),
                                 now(), 'worker'
                             FROM generate_series(1, 30000) i;
                             ANALYZE executions;
                             """, c))
            {
                await fill.ExecuteNonQueryAsync(ct);
            }

            var statement = PostgresStore.ClaimStatement(PostgresStore.ClaimableTerms, 100)
                .Replace("@lease_expires_at", "$5", StringComparison.Ordinal)
                .Replace("@lease", "$4", StringComparison.Ordinal)
                .Replace("@worker", "$3", StringComparison.Ordinal)
                .Replace("@now", "$2", StringComparison.Ordinal)
                .Replace("@key", "$6", StringComparison.Ordinal)
                .Replace("@t", "$1", StringComparison.Ordinal);
            await using (var prepare = new NpgsqlCommand(
                             $"PREPARE claim (text, timestamptz, text, int, timestamptz, text) AS {statement}", c))
            {
                await prepare.ExecuteNonQueryAsync(ct);
            }

            // Five plans for the values, then the generic one (its Index Cond names $1 instead of 't1').
            var plans = new List<string>();
            for (var i = 0; i < 6; i++)
            {
                plans.Add(await ExplainPlanAsync(c,
                    "EXECUTE claim('t1', now(), 'w1', 300, now() + interval '5 minutes', 'k')", ct));
            }

            Assert.Contains("'t1'::text", plans[0], StringComparison.Ordinal);
            Assert.DoesNotContain("'t1'::text", plans[5], StringComparison.Ordinal);
            Assert.Equal(TopCost(plans[0]), TopCost(plans[5]));
        }
        finally
        {
            await cluster.DropDatabaseAsync(connectionString);
        }
    }

    private static string TopCost(string plan) =>
        System.Text.RegularExpressions.Regex.Match(plan, @"cost=[0-9.]+\.\.[0-9.]+").Value;

    private static async Task<string> ExplainPlanAsync(NpgsqlConnection c, string statement, CancellationToken ct)
    {
        await using var explain = new NpgsqlCommand("EXPLAIN " + statement, c);
        var plan = new List<string>();
        await using (var r = await explain.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct)) plan.Add(r.GetString(0));
        }

        return string.Join("\n", plan);
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
