using Baton.Core;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Baton.Storage.Conformance;

/// <summary>
/// The contract every <see cref="IBatonStore"/> driver must meet (its guarantees), inherited once per driver. Split
/// into partial files by area, like the drivers themselves.
/// </summary>
public abstract partial class StoreConformanceTests : IAsyncLifetime
{
    protected const string TenantA = "tnt_aaaaaaaaaaaa";
    protected const string TenantB = "tnt_bbbbbbbbbbbb";

    private readonly List<IBatonStore> _stores = [];
    private ITestDatabase? _database;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    protected IBatonStore Store { get; private set; } = null!;

    protected DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>Creates an empty, migrated database that only this test uses.</summary>
    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    public async ValueTask InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        Store = await OpenStoreAsync();
        await Store.CreateTenantAsync(new CreateTenantParams(TenantA, "a@example.com", "self_hosted", "hash-a", "bt_aaaa", Now), Ct);
        await Store.CreateTenantAsync(new CreateTenantParams(TenantB, "b@example.com", "self_hosted", "hash-b", "bt_bbbb", Now), Ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Another store over the same database: its own connections, as a second process would have.</summary>
    protected async Task<IBatonStore> OpenStoreAsync(TimeProvider? time = null)
    {
        var store = await _database!.OpenStoreAsync(time ?? Time);
        _stores.Add(store);
        return store;
    }

    protected static NewExecution NewExecution(
        string? task = "t", int priority = 0, DateTimeOffset? scheduledFor = null, string queue = "default",
        string? runId = null, string? agent = null, string[]? tags = null, int maxAttempts = 3,
        string? idempotencyKey = null, string? requestHash = null, DateTimeOffset? expiresAt = null,
        int[]? backoff = null) => new()
        {
            Id = Guid.CreateVersion7(),
            Queue = queue,
            Task = task,
            Agent = agent,
            Priority = priority,
            RunId = runId,
            Tags = tags ?? [],
            PayloadJson = """{"task":"x","n":1}""",
            ScheduledFor = scheduledFor ?? new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero),
            ExpiresAt = expiresAt,
            MaxAttempts = maxAttempts,
            BackoffSeconds = backoff ?? [60, 300],
            IdempotencyKey = idempotencyKey,
            RequestHash = requestHash,
            TriggeredBy = TriggeredBy.Api,
        };

    protected async Task<IReadOnlyList<Execution>> EnqueueAsync(params NewExecution[] executions) =>
        (await Store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(TenantA, executions, Now), Ct)).Executions;

    protected async Task<Execution> EnqueueOneAsync(NewExecution? e = null) => (await EnqueueAsync(e ?? NewExecution()))[0];

    protected async Task<IReadOnlyList<Execution>> ClaimAsync(
        string worker = "w1", ClaimFilter? filter = null, int limit = 1, int lease = 60, string tenant = TenantA,
        IBatonStore? store = null) =>
        await (store ?? Store).ClaimExecutionsAsync(
            new ClaimExecutionsParams(tenant, worker, filter ?? ClaimFilter.Any, lease, limit, Now: Now), Ct);

    protected async Task<Execution> ClaimOneAsync(string worker = "w1", ClaimFilter? filter = null, int lease = 60) =>
        Assert.Single(await ClaimAsync(worker, filter, 1, lease));

    protected async Task<Execution> GetAsync(Guid id, string tenant = TenantA) =>
        await Store.GetExecutionAsync(new GetExecutionParams(tenant, id), Ct) ?? throw new InvalidOperationException("missing " + id);

    protected async Task<OutcomeResult> ReportAsync(
        Execution claimed, bool success, string? token = "current", string? worker = null, bool retryable = true,
        IBatonStore? store = null)
    {
        var report = new OutcomeReport
        {
            ExecutionId = claimed.Id,
            ClaimToken = token == "current" ? claimed.ClaimToken : token,
            WorkerId = worker,
            Success = success,
            Result = success ? "done" : null,
            Error = success ? null : "boom",
            Retryable = retryable,
        };
        var results = await (store ?? Store).RecordOutcomesAsync(
            new RecordOutcomesParams(TenantA, [report], StrictOwnership: false, Now), Ct);
        return Assert.Single(results);
    }

    protected static async Task<BatonException> ThrowsDomainAsync(string code, Func<Task> act)
    {
        var e = await Assert.ThrowsAsync<BatonException>(act);
        Assert.Equal(code, e.Code);
        return e;
    }
}
