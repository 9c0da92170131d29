using System.Diagnostics;
using System.Globalization;
using Baton.Client;
using Baton.Contracts.Cues;
using Baton.Testing;
using Npgsql;

namespace Baton.Cli.Tests;

/// <summary>
/// The scheduler on two real <c>baton serve</c> processes sharing one PostgreSQL (DESIGN §4.8): every slot fires
/// exactly once, and when the leader dies the survivor takes over within the lease TTL without losing a slot.
/// </summary>
public sealed class MultiNodeSchedulerTests(PostgresCluster cluster) : IAsyncLifetime
{
    private const int LeaderTtlSeconds = 3;

    private readonly List<BatonProcess> _nodes = [];
    private readonly HttpClient _http = new();
    private string _connectionString = "";
    private string _apiKey = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _connectionString = await cluster.CreateDatabaseAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
        _http.Dispose();
        await cluster.DropDatabaseAsync(_connectionString);
    }

    private async Task<BatonClient> StartNodeAsync(string nodeId)
    {
        var node = BatonProcess.Start(
        [
            "serve", "--url", "http://127.0.0.1:0", "--store", "postgres", "--connection", _connectionString,
            "--node-id", nodeId, "--rate-limit", "1000000",
            "--leader-ttl", LeaderTtlSeconds.ToString(CultureInfo.InvariantCulture),
        ]);
        _nodes.Add(node);
        var url = await node.WaitForReadyAsync();
        if (node.PrintedApiKey is { } key) _apiKey = key;
        return new BatonClient(_http, url, _apiKey);
    }

    [Fact]
    public async Task Two_nodes_fire_each_slot_once_and_the_survivor_of_a_killed_leader_fires_every_later_slot()
    {
        var a = await StartNodeAsync("node-a");
        var b = await StartNodeAsync("node-b");
        await WaitForLeaderAsync("node-a", TimeSpan.FromSeconds(10));

        // Every second; replay_all, so slots due while leadership moves are fired late rather than dropped.
        var cue = await a.CreateCueAsync(new CueRequest
        {
            Name = "every-second",
            Transport = "worker",
            Schedule = new CueScheduleBody { Type = "recurring", Cron = "* * * * * *" },
            CatchUp = "replay_all",
        }, Ct);

        await Task.Delay(TimeSpan.FromSeconds(4), Ct); // both nodes running: the leader fires, the other waits
        await _nodes[0].KillHardAsync();
        var killedAt = DateTimeOffset.UtcNow;
        await WaitForLeaderAsync("node-b", TimeSpan.FromSeconds(LeaderTtlSeconds * 3));
        await Task.Delay(TimeSpan.FromSeconds(3), Ct); // the survivor fires on its own for a while
        await b.PauseCueAsync(cue.Id, Ct);

        var slots = await SlotsAsync(cue.Id);
        Assert.Equal(slots.Count, slots.Select(s => s.ScheduledFor).Distinct().Count()); // none doubled
        for (var i = 1; i < slots.Count; i++)
        {
            Assert.Equal(TimeSpan.FromSeconds(1), slots[i].ScheduledFor - slots[i - 1].ScheduledFor); // none lost
        }

        Assert.True(slots[^1].ScheduledFor > killedAt.AddSeconds(LeaderTtlSeconds),
            $"the last slot {slots[^1].ScheduledFor:O} was not fired after the takeover (kill at {killedAt:O})");
        // A slot due during the handover waits at most the lease TTL plus one renewal and one scheduler tick.
        var latest = slots.Max(s => s.CreatedAt - s.ScheduledFor);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{slots.Count} slots, latest firing {latest.TotalSeconds:F1} s after its slot (leader TTL {LeaderTtlSeconds} s)");
        Assert.True(latest < TimeSpan.FromSeconds(LeaderTtlSeconds + 3), $"a slot fired {latest.TotalSeconds:F1} s late");
    }

    private async Task<List<(DateTimeOffset ScheduledFor, DateTimeOffset CreatedAt)>> SlotsAsync(string cueId)
    {
        await using var db = new NpgsqlConnection(_connectionString);
        await db.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand(
            "SELECT scheduled_for, created_at FROM executions WHERE cue_id = @c ORDER BY scheduled_for", db);
        cmd.Parameters.AddWithValue("@c", cueId);
        await using var r = await cmd.ExecuteReaderAsync(Ct);
        var slots = new List<(DateTimeOffset, DateTimeOffset)>();
        while (await r.ReadAsync(Ct)) slots.Add((r.GetFieldValue<DateTimeOffset>(0), r.GetFieldValue<DateTimeOffset>(1)));
        Assert.True(slots.Count >= 5, $"only {slots.Count} slots fired");
        return slots;
    }

    private async Task WaitForLeaderAsync(string node, TimeSpan within)
    {
        await using var db = new NpgsqlConnection(_connectionString);
        await db.OpenAsync(Ct);
        var clock = Stopwatch.StartNew();
        string? holder = null;
        while (clock.Elapsed < within)
        {
            await using var cmd = new NpgsqlCommand("SELECT holder FROM leader_leases WHERE expires_at > now()", db);
            holder = await cmd.ExecuteScalarAsync(Ct) as string;
            if (holder == node) return;
            await Task.Delay(100, Ct);
        }

        Assert.Fail($"{node} did not become leader within {within.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (holder: {holder ?? "none"})");
    }
}
