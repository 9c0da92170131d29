using Microsoft.Data.Sqlite;
using Xunit;

namespace Baton.Storage.Sqlite.Tests;

/// <summary>
/// A claim filtered by task, queue, run or agent must walk only that filter's claimable rows (no starvation, the
/// issue's "costs the same with 10 or 1,000,000 other executions"). The plan is what guarantees it; a timing
/// assert would only be noise.
/// </summary>
public sealed class ClaimQueryPlanTests
{
    public static TheoryData<string, string> Filters => new()
    {
        { "task = 'b'", "executions_claim_task" },
        { "queue = 'q'", "executions_claim_queue" },
        { "run_id = 'r'", "executions_claim_run" },
        { "agent = 'x'", "executions_claim_agent" },
        { "1 = 1", "executions_claim_any" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Claim_selection_uses_the_partial_claim_index_without_a_sort(string filter, string index)
    {
        var text = await ExplainAsync($"""
            SELECT seq FROM executions
            WHERE tenant_id = 't1' AND status IN ('pending', 'retrying') AND transport = 'worker' AND available_at <= 5
              AND (expires_at IS NULL OR expires_at > 5 OR attempts > 0) AND {filter}
            ORDER BY priority DESC, available_at, seq LIMIT 10
            """);
        Assert.Contains($"USING INDEX {index}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dispatchers_claim_across_tenants_uses_the_webhook_claim_index_without_a_sort()
    {
        var text = await ExplainAsync("""
            SELECT seq FROM executions
            WHERE status IN ('pending', 'retrying') AND transport = 'webhook' AND available_at <= 5
              AND (expires_at IS NULL OR expires_at > 5 OR attempts > 0)
            ORDER BY priority DESC, available_at, seq LIMIT 10
            """);
        Assert.Contains("USING INDEX executions_claim_webhook", text, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run_id", "executions_by_run")]
    [InlineData("cue_id", "executions_by_cue")]
    public async Task A_run_or_cue_lookup_uses_its_sparse_index(string column, string index)
    {
        // The indexes hold only rows with a run or cue (migration 0008); an equality on the column implies that.
        var text = await ExplainAsync($"SELECT seq FROM executions WHERE tenant_id = 't1' AND {column} = 'r' ORDER BY seq DESC LIMIT 10");
        Assert.Contains($"INDEX {index}", text, StringComparison.Ordinal);
    }

    private static async Task<string> ExplainAsync(string query)
    {
        await using var db = await SqliteTestDatabase.CreateAsync();
        await using (var store = await db.OpenStoreAsync(TimeProvider.System)) { }

        await using var c = new SqliteConnection($"Data Source={db.Path}");
        await c.OpenAsync(TestContext.Current.CancellationToken);
        // Plans depend on statistics: give the planner a skewed table like a real backlog of another task, with
        // a few webhook executions among them.
        using (var fill = c.CreateCommand())
        {
            fill.CommandText = """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
                INSERT INTO executions (id, tenant_id, status, scheduled_for, available_at, queue, task, priority, tags,
                    payload, attempts, max_attempts, backoff_seconds, triggered_by, created_at, updated_at, transport)
                SELECT 'id-' || i, 't1', 'pending', i, i, 'default', 'a', 0, '[]', '{}', 0, 3, '[]', 'api', i, i,
                    CASE WHEN i % 100 = 0 THEN 'webhook' ELSE 'worker' END FROM n;
                ANALYZE;
                """;
            await fill.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        using var explain = c.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + query;
        var plan = new List<string>();
        await using (var r = await explain.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await r.ReadAsync(TestContext.Current.CancellationToken)) plan.Add(r.GetString(3));
        }

        return string.Join("\n", plan);
    }
}
