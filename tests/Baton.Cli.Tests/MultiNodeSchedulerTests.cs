using System.Globalization;
using Baton.Contracts.Cues;
using Baton.Testing;
using Npgsql;

namespace Baton.Cli.Tests;

/// <summary>
/// The scheduler on two real <c>baton serve</c> processes sharing one PostgreSQL: every slot fires
/// exactly once, and when the leader dies the survivor takes over within the lease TTL without losing a slot.
/// </summary>
public sealed class MultiNodeSchedulerTests(PostgresCluster cluster) : IAsyncLifetime
{
    private const int LeaderTtlSeconds = 3;
    private static readonly string[] ShortLeaderTtl = ["--leader-ttl", LeaderTtlSeconds.ToString(CultureInfo.InvariantCulture)];

    private PostgresNodes _nodes = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _nodes = await PostgresNodes.CreateAsync(cluster);

    public ValueTask DisposeAsync() => _nodes.DisposeAsync();

    [Fact]
    public async Task Two_nodes_fire_each_slot_once_and_the_survivor_of_a_killed_leader_fires_every_later_slot()
    {
        var a = await _nodes.StartNodeAsync("node-a", ShortLeaderTtl);
        var b = await _nodes.StartNodeAsync("node-b", ShortLeaderTtl);
        await _nodes.WaitForLeaderAsync("node-a", TimeSpan.FromSeconds(10));

        // Every second; replay_all, so slots due while leadership moves are fired late rather than dropped.
        var cue = await a.CreateCueAsync(new CueRequest
        {
            Name = "every-second",
            Transport = "worker",
            Schedule = new CueScheduleBody { Type = "recurring", Cron = "* * * * * *" },
            CatchUp = "replay_all",
        }, Ct);

        await Task.Delay(TimeSpan.FromSeconds(4), Ct); // both nodes running: the leader fires, the other waits
        await _nodes.Processes[0].KillHardAsync();
        var killedAt = DateTimeOffset.UtcNow;
        await _nodes.WaitForLeaderAsync("node-b", TimeSpan.FromSeconds(LeaderTtlSeconds * 3));
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
        await using var db = new NpgsqlConnection(_nodes.ConnectionString);
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
}
