using Baton.Core.Dashboard;
using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Xunit;

namespace Baton.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Execution_slices_page_newest_first_by_keyset_without_gaps_or_repeats()
    {
        var enqueued = new List<Guid>();
        for (var i = 0; i < 7; i++) enqueued.Add((await EnqueueOneAsync(NewExecution(queue: "pages"))).Id);
        await Store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(TenantB, [NewExecution(queue: "pages")], Now), Ct);

        var seen = new List<Guid>();
        long? before = null;
        var pages = 0;
        do
        {
            var slice = await Store.ListExecutionSliceAsync(
                new ListExecutionSliceParams(new ListExecutionsParams(TenantA) { Queue = "pages" }, null, before, 3), Ct);
            seen.AddRange(slice.Items.Select(e => e.Id));
            before = slice.NextBeforeSequence;
            pages++;
        }
        while (before is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(enqueued), seen);
    }

    [Fact]
    public async Task Execution_slices_filter_by_status_worker_tag_and_a_literal_title_substring()
    {
        await EnqueueOneAsync(NewExecution(tags: ["red"]) with { Title = "Deploy 100% of eu_west" });
        await EnqueueOneAsync(NewExecution(tags: ["blue"]) with { Title = "deploy us" });
        await EnqueueOneAsync(NewExecution() with { Title = "Build" });
        var claimed = await ClaimOneAsync("w9");

        async Task<string[]> TitlesAsync(ListExecutionsParams filter, string? title = null) =>
            [.. (await Store.ListExecutionSliceAsync(new ListExecutionSliceParams(filter, title), Ct)).Items.Select(e => e.Title ?? "")];

        Assert.Equal(["deploy us", "Deploy 100% of eu_west"], await TitlesAsync(new(TenantA), "DEPLOY"));
        Assert.Equal(["Deploy 100% of eu_west"], await TitlesAsync(new(TenantA), "100%"));
        Assert.Empty(await TitlesAsync(new(TenantA), "eu%west"));
        Assert.Equal(["Deploy 100% of eu_west"], await TitlesAsync(new(TenantA) { Tag = "red" }));
        Assert.Equal([claimed.Title ?? ""], await TitlesAsync(new(TenantA) { WorkerId = "w9" }));
        Assert.Equal([claimed.Title ?? ""], await TitlesAsync(new(TenantA) { Statuses = [ExecutionStatus.Delivering] }));
        Assert.Empty(await TitlesAsync(new(TenantB), "deploy"));
    }

    [Fact]
    public async Task Overview_stats_count_by_status_active_work_by_queue_and_task_and_the_last_hours_minutes()
    {
        await EnqueueOneAsync(NewExecution(task: "a", queue: "q1"));
        await EnqueueOneAsync(NewExecution(task: "a", queue: "q1"));
        await EnqueueOneAsync(NewExecution(task: "b", queue: "q2"));
        Time.Advance(TimeSpan.FromSeconds(30));
        var ok = await ClaimOneAsync(filter: new() { Tasks = ["b"] });
        await ReportAsync(ok, success: true);
        var bad = await ClaimOneAsync(filter: new() { Tasks = ["a"] });
        await ReportAsync(bad, success: false, retryable: false);
        await Store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(TenantB, [NewExecution(task: "z", queue: "zz")], Now), Ct);

        var stats = await Store.GetOverviewStatsAsync(new GetOverviewStatsParams(TenantA, Now, TimeSpan.FromHours(1)), Ct);

        Assert.Equal((1L, 1L, 1L, 3L), (stats.Counts.Pending, stats.Counts.Success, stats.Counts.Failed, stats.Counts.Total));
        Assert.Equal([new NamedCount("q1", 1)], stats.ActiveByQueue);
        Assert.Equal([new NamedCount("a", 1)], stats.ActiveByTask);
        Assert.Equal(Now.AddSeconds(-30), stats.OldestPendingSince);
        var minute = Assert.Single(stats.Minutes);
        Assert.Equal((1L, 1L), (minute.Succeeded, minute.Failed));
        Assert.Equal(2, stats.ClaimWaits.Count);
        Assert.All(stats.ClaimWaits, w => Assert.Equal(30, w.Seconds, 3));

        var later = await Store.GetOverviewStatsAsync(new GetOverviewStatsParams(TenantA, Now.AddHours(2), TimeSpan.FromHours(1)), Ct);
        Assert.Empty(later.Minutes);
        Assert.Empty(later.ClaimWaits);
    }

    [Fact]
    public async Task Overview_minutes_count_each_finish_in_the_minute_it_finished_for_the_tenant_success_and_failed_apart()
    {
        var start = Now;
        await EnqueueAsync([.. Enumerable.Range(0, 6).Select(_ => NewExecution())]);
        await Store.EnqueueExecutionsAsync(new EnqueueExecutionsParams(TenantB, [NewExecution()], Now), Ct);
        var claimed = await ClaimAsync("w1", limit: 6);
        var other = Assert.Single(await ClaimAsync("w9", tenant: TenantB));

        // The last millisecond of the first minute, then the first of the next.
        Time.Advance(TimeSpan.FromSeconds(59.999));
        await ReportAsync(claimed[0], success: true);
        await ReportAsync(claimed[1], success: false, retryable: false);
        Time.Advance(TimeSpan.FromMilliseconds(1));
        await ReportAsync(claimed[2], success: true);
        // Another tenant's finish in the same minute is not this tenant's.
        var report = new OutcomeReport { ExecutionId = other.Id, ClaimToken = other.ClaimToken, Success = true };
        await Store.RecordOutcomesAsync(new RecordOutcomesParams(TenantB, [report], false, Now), Ct);
        // A cancel finishes its execution (its minute is listed) but is neither a success nor a failure.
        Time.Advance(TimeSpan.FromMinutes(1));
        await Store.CancelExecutionAsync(new CancelExecutionParams(TenantA, claimed[3].Id, null, "stop", Force: true, Now), Ct);
        Time.Advance(TimeSpan.FromMinutes(1));
        await ReportAsync(claimed[4], success: false, retryable: false);
        Time.Advance(TimeSpan.FromSeconds(30));

        MinuteCounts[] expected =
        [
            new(start, 1, 1), new(start.AddMinutes(1), 1, 0), new(start.AddMinutes(2), 0, 0), new(start.AddMinutes(3), 0, 1),
        ];
        async Task<IReadOnlyList<MinuteCounts>> MinutesFromAsync(DateTimeOffset from) =>
            (await Store.GetOverviewStatsAsync(new GetOverviewStatsParams(TenantA, Now, Now - from), Ct)).Minutes;

        Assert.Equal(expected, await MinutesFromAsync(start));
        Assert.Equal(expected[1..], await MinutesFromAsync(start.AddMinutes(1)));
        await Store.FoldCountsAsync(new FoldCountsParams(), Ct);
        Assert.Equal(expected, await MinutesFromAsync(start));
        Assert.Equal(expected[1..], await MinutesFromAsync(start.AddMinutes(1)));

        // Pruned finishes leave their minute, before the fold and after it.
        await Store.PruneExecutionsAsync(new PruneExecutionsParams(start.AddMinutes(1), start.AddMinutes(1)), Ct);
        Assert.Equal(expected[1..], await MinutesFromAsync(start));
        await Store.FoldCountsAsync(new FoldCountsParams(), Ct);
        Assert.Equal(expected[1..], await MinutesFromAsync(start));
    }

    [Fact]
    public async Task The_overview_keeps_past_minutes_and_still_shows_what_a_full_read_shows_as_time_passes()
    {
        var kept = new DashboardReader(Store, Store, Time);
        await EnqueueAsync([.. Enumerable.Range(0, 40).Select(i => NewExecution(task: $"t{i % 3}"))]);
        for (var step = 0; step < 14; step++)
        {
            // Work finishes in most minutes, some at a minute's very start; the kept reader renders every step.
            Time.Advance(TimeSpan.FromSeconds(step % 3 == 0 ? 61 : 23));
            foreach (var e in await ClaimAsync("w1", limit: 3)) await ReportAsync(e, success: step % 4 != 1, retryable: false);
            var fromKept = await kept.GetOverviewAsync(TenantA, Ct);
            var fresh = await new DashboardReader(Store, Store, Time).GetOverviewAsync(TenantA, Ct);

            Assert.Equal(fresh.Minutes, fromKept.Minutes);
            Assert.Equal(fresh.Waits, fromKept.Waits);
            Assert.Equal((fresh.ClaimWaitP50, fresh.ClaimWaitP95), (fromKept.ClaimWaitP50, fromKept.ClaimWaitP95));
            Assert.Equal(fresh.Stats.Counts, fromKept.Stats.Counts);
        }

        // The kept minutes are not read again: with the finished rows gone, a full read sees nothing of them, the
        // kept reader still shows them.
        var before = await kept.GetOverviewAsync(TenantA, Ct);
        await Store.PruneExecutionsAsync(new PruneExecutionsParams(Now.AddMinutes(-1), Now.AddMinutes(-1), Limit: 1000), Ct);
        var past = before.Minutes.Where(m => m.Minute < Now.AddMinutes(-2)).ToList();
        Assert.Contains(past, m => m.Succeeded + m.Failed > 0);
        Assert.Equal(past, (await kept.GetOverviewAsync(TenantA, Ct)).Minutes.Where(m => m.Minute < Now.AddMinutes(-2)));
        Assert.All((await new DashboardReader(Store, Store, Time).GetOverviewAsync(TenantA, Ct)).Minutes.Where(m => m.Minute < Now.AddMinutes(-2)),
            m => Assert.Equal(0, m.Succeeded + m.Failed));
    }

    [Fact]
    public async Task Overview_lists_the_twenty_largest_queues_and_tasks_of_unfinished_work_totalled_over_its_statuses()
    {
        // Queue qN holds N executions (N = 1..25); task "even"/"odd" by N, none set for q1.
        var batch = new List<NewExecution>();
        for (var n = 1; n <= 25; n++)
        {
            for (var i = 0; i < n; i++)
            {
                batch.Add(NewExecution(queue: $"q{n:00}", task: n == 1 ? null : n % 2 == 0 ? "even" : "odd"));
            }
        }

        await EnqueueAsync([.. batch]);
        // q25: three of its executions claimed (still unfinished, counted); q24: four finished (no longer counted).
        await ClaimAsync("w1", new ClaimFilter { Queue = "q25" }, limit: 3);
        foreach (var claimed in await ClaimAsync("w2", new ClaimFilter { Queue = "q24" }, limit: 4))
        {
            await ReportAsync(claimed, success: true);
        }

        var stats = await Store.GetOverviewStatsAsync(new GetOverviewStatsParams(TenantA, Now, TimeSpan.FromHours(1)), Ct);

        var expectedQueues = Enumerable.Range(1, 25).Select(n => new NamedCount($"q{n:00}", n == 24 ? 20 : n))
            .OrderByDescending(q => q.Count).ThenBy(q => q.Name, StringComparer.Ordinal).Take(20);
        Assert.Equal(expectedQueues, stats.ActiveByQueue);
        var even = Enumerable.Range(2, 24).Where(n => n % 2 == 0).Sum() - 4;
        var odd = Enumerable.Range(2, 24).Where(n => n % 2 == 1).Sum();
        Assert.Equal([new NamedCount("odd", odd), new NamedCount("even", even), new NamedCount(null, 1)], stats.ActiveByTask);
        Assert.Equal((325L - 4 - 3, 3L, 4L), (stats.Counts.Pending, stats.Counts.Delivering, stats.Counts.Success));
    }

    [Fact]
    public async Task The_event_head_is_where_a_reader_starts_to_see_every_later_event_and_none_it_has_read()
    {
        Assert.Equal("", await Store.GetEventHeadAsync(TenantA, Ct));
        var first = await EnqueueOneAsync();
        Assert.Single((await Store.ReadEventsAsync(new ReadEventsParams(TenantA, "", EventFilter.All), Ct)).Events);
        var head = await Store.GetEventHeadAsync(TenantA, Ct);
        Assert.Empty((await Store.ReadEventsAsync(new ReadEventsParams(TenantA, head, EventFilter.All), Ct)).Events);

        // A head taken between two writes: the later one is always seen from it; the earlier one may be (a store may
        // not have numbered it yet), which costs a follower one needless refresh and loses nothing.
        var between = await EnqueueOneAsync();
        var headBetween = await Store.GetEventHeadAsync(TenantA, Ct);
        var later = await EnqueueOneAsync();
        var seen = (await Store.ReadEventsAsync(new ReadEventsParams(TenantA, headBetween, EventFilter.All), Ct)).Events
            .Select(e => e.ExecutionId).ToList();
        Assert.Contains(later.Id, seen);
        Assert.DoesNotContain(first.Id, seen);
        Assert.Subset(new HashSet<Guid?> { between.Id, later.Id }, seen.ToHashSet());
        Assert.Equal("", await Store.GetEventHeadAsync(TenantB, Ct));
    }
}
