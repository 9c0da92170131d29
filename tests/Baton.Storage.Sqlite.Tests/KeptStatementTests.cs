using Baton.Core.Executions;
using Baton.Core.Storage;
using Xunit;

namespace Baton.Storage.Sqlite.Tests;

/// <summary>
/// The writer keeps its hot statements compiled across calls. SQLite compiles a statement again on every run when
/// it binds a value the plan depends on (a <c>LIMIT</c>), which made a one-row claim cost more than twice as much
/// (bench/analysis.md, Session 7). Counted by SQLite itself, so no timing is involved.
/// </summary>
public sealed class KeptStatementTests
{
    private const string Tenant = "t1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Enqueues_claims_hand_offs_and_outcomes_never_compile_a_kept_statement_again()
    {
        await using var db = await SqliteTestDatabase.CreateAsync();
        await using var store = (SqliteStore)await db.OpenStoreAsync(TimeProvider.System);
        await store.CreateTenantAsync(new CreateTenantParams(Tenant, "t1@example.com", "free", "hash-t1", "bt_t1"), Ct);

        for (var i = 0; i < 20; i++)
        {
            // Claims of one and of several, filtered and not, and a claim made by an enqueue's hand-off.
            await store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(Tenant, [New("a"), New("b"), New("a")]), Ct);
            var one = await store.ClaimExecutionsAsync(new ClaimExecutionsParams(Tenant, "w", ClaimFilter.Any, 300, 1), Ct);
            var two = await store.ClaimExecutionsAsync(
                new ClaimExecutionsParams(Tenant, "w", ClaimFilter.Any with { Tasks = ["a", "b"] }, 300, 2), Ct);
            var handed = await store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(Tenant, [New("a")],
                HandOff: new ClaimExecutionsParams(Tenant, "w", ClaimFilter.Any with { Tasks = ["a"] }, 300, 1)), Ct);
            var claimed = one.Concat(two).Concat(handed.HandedOff).ToList();
            Assert.Equal(4, claimed.Count);
            await store.RecordOutcomesAsync(new RecordOutcomesParams(Tenant,
                [.. claimed.Select(e => new OutcomeReport { ExecutionId = e.Id, WorkerId = "w", ClaimToken = e.ClaimToken, Success = i % 2 == 0 })],
                StrictOwnership: false), Ct);
        }

        Assert.Equal(0, await store.KeptStatementRecompilationsAsync());
    }

    private static NewExecution New(string task) => new()
    {
        Id = Guid.CreateVersion7(),
        Queue = "default",
        Task = task,
        PayloadJson = "{}",
        ScheduledFor = DateTimeOffset.UtcNow.AddSeconds(-1),
        MaxAttempts = 3,
        TriggeredBy = "api",
    };
}
