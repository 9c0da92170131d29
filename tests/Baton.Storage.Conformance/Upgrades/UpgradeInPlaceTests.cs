using Baton.Core;
using Baton.Core.Dashboard;
using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Baton.Storage.Conformance.Upgrades;

/// <summary>
/// Upgrade in place: a database an earlier release left, with work in every state, upgrades at start-up with nothing
/// lost and keeps working. Each test builds the database from the driver's own migrations up to a frozen version,
/// writes that version's fixture file, then opens a store the normal way (every later migration runs) and reads
/// every row back. Inherited once per driver.
/// </summary>
public abstract class UpgradeInPlaceTests : IAsyncLifetime
{
    /// <summary>
    /// The schema versions each driver has a fixture file for: 10, the last before the PostgreSQL event log was
    /// renumbered (0011) and executions got a trace context (0012); 15, the schema the hot-path redesign starts
    /// from. Each file is frozen once written: migrations added later run against it unchanged.
    /// </summary>
    public static TheoryData<long> FrozenVersions => new(Frozen);

    private static readonly long[] Frozen = [10, 15];

    /// <summary>The newest frozen version: the schema a broken new migration would start from.</summary>
    private static long Newest => Frozen[^1];

    private readonly List<IBatonStore> _stores = [];
    private IFrozenDatabase? _database;

    protected FakeTimeProvider Time { get; } = new(UpgradeFixture.Now);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IFrozenDatabase Database => _database!;

    /// <summary>An empty database of this driver with no migration applied.</summary>
    protected abstract Task<IFrozenDatabase> CreateDatabaseAsync();

    public async ValueTask InitializeAsync() => _database = await CreateDatabaseAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Theory]
    [MemberData(nameof(FrozenVersions))]
    public async Task Upgrade_keeps_every_row(long version)
    {
        var store = await UpgradeFromAsync(version);

        AssertNone(await UpgradeCheck.DifferencesAsync(store, UpgradeFixture.ForVersion(version), Ct));
    }

    [Theory]
    [MemberData(nameof(FrozenVersions))]
    public async Task Upgrading_again_changes_nothing(long version)
    {
        await UpgradeFromAsync(version);
        var schema = await Database.DescribeSchemaAsync();

        var again = await OpenStoreAsync(); // a restart, or a second node starting

        Assert.Equal(schema, await Database.DescribeSchemaAsync());
        AssertNone(await UpgradeCheck.DifferencesAsync(again, UpgradeFixture.ForVersion(version), Ct));
    }

    [Theory]
    [MemberData(nameof(FrozenVersions))]
    public async Task The_live_claim_survives_the_upgrade(long version)
    {
        var store = await UpgradeFromAsync(version);
        var live = UpgradeFixture.Delivering;

        var wrong = await Assert.ThrowsAsync<BatonException>(() => store.HeartbeatExecutionAsync(
            new HeartbeatExecutionParams(UpgradeFixture.TenantId, live, UpgradeFixture.WorkerId, "not-the-token", 600, null), Ct));
        Assert.Equal("claim_lost", wrong.Code);

        var beat = await store.HeartbeatExecutionAsync(new HeartbeatExecutionParams(
            UpgradeFixture.TenantId, live, UpgradeFixture.WorkerId, UpgradeFixture.LiveClaimToken, 600, """{"pct":90}"""), Ct);
        Assert.Equal(Time.GetUtcNow().AddSeconds(600), beat.LeaseExpiresAt);
        Assert.Equal("""{"pct":90}""", beat.ProgressJson);

        var refused = await RecordOutcomeAsync(store, live, "not-the-token");
        Assert.Equal("claim_lost", refused.Error?.Code);
        var recorded = await RecordOutcomeAsync(store, live, UpgradeFixture.LiveClaimToken);
        Assert.Null(recorded.Error);
        Assert.Equal(ExecutionStatus.Success, recorded.Execution?.Status);
        Assert.Equal("finished after the upgrade", recorded.Execution?.Outcome?.Result);
    }

    [Theory]
    [MemberData(nameof(FrozenVersions))]
    public async Task Waiting_work_is_claimed_once_in_order_after_the_upgrade(long version)
    {
        var store = await UpgradeFromAsync(version);

        // Due worker executions: the pending one of priority 5, then by available_at the replay (12:00) and the retry
        // (12:05). The webhook execution is the dispatcher's, due at 12:30.
        var claimed = await ClaimAsync(store, "w-new");
        Assert.Equal([UpgradeFixture.Pending, UpgradeFixture.Replay, UpgradeFixture.Retrying], claimed.Select(e => e.Id));
        Assert.All(claimed, e => Assert.Equal(ExecutionStatus.Delivering, e.Status));
        Assert.Empty(await ClaimAsync(store, "w-other"));

        Time.SetUtcNow(UpgradeFixture.At(12, 30));
        var dispatched = await store.ClaimWebhookExecutionsAsync(new ClaimWebhookExecutionsParams("dispatcher", 60, 10), Ct);
        Assert.Equal([UpgradeFixture.WebhookRetrying], dispatched.Select(e => e.Id));
    }

    [Theory]
    [MemberData(nameof(FrozenVersions))]
    public async Task New_work_follows_the_old_after_the_upgrade(long version)
    {
        var store = await UpgradeFromAsync(version);
        var fixture = UpgradeFixture.ForVersion(version);

        // The idempotency key of an old enqueue still finds its execution.
        var repeat = await EnqueueAsync(store, UpgradeFixture.IdempotencyKey, UpgradeFixture.RequestHash);
        Assert.Equal([true], repeat.Existing);
        Assert.Equal(UpgradeFixture.Pending, repeat.Executions[0].Id);

        // A new execution comes after every old one (the numbering went on), and so does its event.
        var added = (await EnqueueAsync(store, null, null)).Executions[0];
        Assert.Equal(fixture.Executions.Count + 1, added.Sequence);
        var events = await ReadEventsAsync(store, fixture.Events[^1].Cursor, 100);
        var created = Assert.Single(events.Events);
        Assert.Equal((EventTypes.ExecutionCreated, (Guid?)added.Id), (created.Type, created.ExecutionId));
    }

    [Theory]
    [MemberData(nameof(FrozenVersions))]
    public async Task The_old_event_stream_resumes_from_a_cursor(long version)
    {
        var store = await UpgradeFromAsync(version);
        var expected = UpgradeFixture.ForVersion(version).Events.Select(e => e.Cursor).ToList();

        var read = new List<string>();
        string? cursor = null;
        for (var page = 0; page < expected.Count; page++)
        {
            var next = await ReadEventsAsync(store, cursor, 3);
            if (next.Events.Count == 0) break;
            read.AddRange(next.Events.Select(e => e.Cursor));
            cursor = next.NextCursor;
        }

        Assert.Equal(expected, read);
        Assert.Equal(expected[4..], (await ReadEventsAsync(store, expected[3], 100)).Events.Select(e => e.Cursor));
    }

    [Theory]
    [MemberData(nameof(FrozenVersions))]
    public async Task The_old_cue_fires_at_its_next_run_after_the_upgrade(long version)
    {
        var store = await UpgradeFromAsync(version);

        var nothingDue = await store.FireDueCuesAsync(new FireDueCuesParams(Now: Time.GetUtcNow()), Ct);
        Assert.Equal(0, nothingDue.CuesFired);
        Assert.Equal(UpgradeFixture.At(13, 0), nothingDue.NextRun);

        Time.SetUtcNow(UpgradeFixture.At(13, 0));
        var fired = await store.FireDueCuesAsync(new FireDueCuesParams(Now: Time.GetUtcNow()), Ct);
        var execution = Assert.Single(fired.Fired);
        Assert.Equal((UpgradeFixture.CueId, UpgradeFixture.At(13, 0)), (execution.CueId, execution.ScheduledFor));
    }

    [Theory]
    [MemberData(nameof(FrozenVersions))]
    public async Task Maintenance_picks_up_the_old_rows(long version)
    {
        var store = await UpgradeFromAsync(version);

        var rescued = await store.RescueExpiredLeasesAsync(new RescueExpiredLeasesParams(Now: UpgradeFixture.At(13, 1)), Ct);
        Assert.Equal([(UpgradeFixture.Delivering, ExecutionStatus.Pending)], rescued.Changed.Select(c => (c.Id, c.Status)));

        var missed = await store.MarkMissedExecutionsAsync(new MarkMissedExecutionsParams(Now: UpgradeFixture.At(23, 1)), Ct);
        Assert.Equal([(UpgradeFixture.Pending, ExecutionStatus.Missed)], missed.Select(c => (c.Id, c.Status)));
    }

    [Theory]
    [MemberData(nameof(FrozenVersions))]
    public async Task The_dashboard_counters_count_the_old_rows(long version)
    {
        var store = await UpgradeFromAsync(version);
        await AssertCountersMatchRowsAsync(store, "after the upgrade");

        foreach (var e in await ClaimAsync(store, "w-new")) await RecordOutcomeAsync(store, e.Id, e.ClaimToken!);
        await store.FoldCountsAsync(new FoldCountsParams(), Ct);
        await AssertCountersMatchRowsAsync(store, "after work on the upgraded database");
    }

    /// <summary>The overview's counts by status and each listed run's counts against the rows.</summary>
    private static async Task AssertCountersMatchRowsAsync(IBatonStore store, string when)
    {
        var tenant = UpgradeFixture.TenantId;
        var rows = await store.ListExecutionsAsync(new ListExecutionsParams(tenant) { Limit = 0 }, Ct);
        var stats = await store.GetOverviewStatsAsync(new GetOverviewStatsParams(tenant, UpgradeFixture.Now, TimeSpan.FromHours(1)), Ct);
        Assert.True(rows.Counts == stats.Counts, $"{when}: counters {stats.Counts}, rows {rows.Counts}");
        foreach (var run in (await store.ListRunSliceAsync(new ListRunSliceParams(tenant, null, 100), Ct)).Items)
        {
            var truth = await store.GetRunAsync(new GetRunParams(tenant, run.RunId), Ct);
            Assert.True(truth.Counts == run.Counts, $"{when}: run {run.RunId} counters {run.Counts}, rows {truth.Counts}");
        }
    }

    [Fact]
    public async Task A_migration_that_loses_values_is_reported()
    {
        await Database.MigrateToAsync(Newest);
        await Database.WriteFixtureAsync(Newest);
        await Database.MigrateWithPlantedAsync("UPDATE executions SET progress = NULL");

        var differences = await UpgradeCheck.DifferencesAsync(await OpenStoreAsync(), UpgradeFixture.ForVersion(Newest), Ct);

        var lost = Assert.Single(differences);
        Assert.StartsWith($"execution 3 ({UpgradeFixture.Delivering}).ProgressJson: expected ", lost, StringComparison.Ordinal);
        Assert.EndsWith(", got null", lost, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_migration_that_fails_leaves_the_database_as_it_was()
    {
        await Database.MigrateToAsync(Newest);
        await Database.WriteFixtureAsync(Newest);
        var schema = await Database.DescribeSchemaAsync();

        // Its first statements succeed, its last fails: the start-up that ran it fails, and nothing of it stays.
        await Assert.ThrowsAnyAsync<Exception>(() => Database.MigrateWithPlantedAsync(
            "UPDATE executions SET progress = NULL; ALTER TABLE executions ADD COLUMN planted text; " +
            "UPDATE no_such_table SET x = 1"));

        Assert.Equal(schema, await Database.DescribeSchemaAsync());
        AssertNone(await UpgradeCheck.DifferencesAsync(await OpenStoreAsync(), UpgradeFixture.ForVersion(Newest), Ct));
    }

    /// <summary>Fails with every difference, one a line.</summary>
    private static void AssertNone(IReadOnlyList<string> differences) =>
        Assert.True(differences.Count == 0, "After the upgrade:\n" + string.Join("\n", differences));

    /// <summary>The database as release <paramref name="version"/> left it, then opened (and so upgraded) by this one.</summary>
    protected async Task<IBatonStore> UpgradeFromAsync(long version)
    {
        await Database.MigrateToAsync(version);
        await Database.WriteFixtureAsync(version);
        var store = await OpenStoreAsync();
        await store.PingAsync(Ct);
        return store;
    }

    private async Task<IBatonStore> OpenStoreAsync()
    {
        var store = await Database.OpenStoreAsync(Time);
        _stores.Add(store);
        return store;
    }

    private async Task<OutcomeResult> RecordOutcomeAsync(IBatonStore store, Guid id, string token)
    {
        var report = new OutcomeReport
        {
            ExecutionId = id,
            ClaimToken = token,
            WorkerId = UpgradeFixture.WorkerId,
            Success = true,
            Result = "finished after the upgrade",
        };
        var results = await store.RecordOutcomesAsync(
            new RecordOutcomesParams(UpgradeFixture.TenantId, [report], StrictOwnership: true, Time.GetUtcNow()), Ct);
        return Assert.Single(results);
    }

    private async Task<IReadOnlyList<Execution>> ClaimAsync(IBatonStore store, string worker) =>
        await store.ClaimExecutionsAsync(new ClaimExecutionsParams(
            UpgradeFixture.TenantId, worker, ClaimFilter.Any, 60, 10, Now: Time.GetUtcNow()), Ct);

    private async Task<EnqueueResult> EnqueueAsync(IBatonStore store, string? idempotencyKey, string? requestHash)
    {
        var execution = new NewExecution
        {
            Id = Guid.CreateVersion7(),
            Queue = "default",
            Task = "report",
            PayloadJson = """{"n":1}""",
            ScheduledFor = Time.GetUtcNow(),
            MaxAttempts = 3,
            BackoffSeconds = [60, 300],
            IdempotencyKey = idempotencyKey,
            RequestHash = requestHash,
            TriggeredBy = TriggeredBy.Api,
        };
        return await store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(UpgradeFixture.TenantId, [execution], Time.GetUtcNow()), Ct);
    }

    private static async Task<EventPage> ReadEventsAsync(IBatonStore store, string? after, int limit) =>
        await store.ReadEventsAsync(new ReadEventsParams(UpgradeFixture.TenantId, after, EventFilter.All, limit), Ct);
}
