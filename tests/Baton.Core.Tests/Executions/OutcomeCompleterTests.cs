using System.Collections.Concurrent;
using Baton.Core.Executions;
using Baton.Core.Storage;

namespace Baton.Core.Tests.Executions;

/// <summary>
/// <see cref="OutcomeCompleter"/>'s grouping, against a recorder that holds each call open until the test lets it
/// commit: who runs at once, who waits for the next flush, how a flush is split by tenant and capped, who is failed
/// when a call fails, and that a request carrying a batch is never held back. The stores' side of a batch is covered by the conformance suite and the server tests.
/// </summary>
public sealed class OutcomeCompleterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_lone_caller_is_recorded_at_once_with_no_wait()
    {
        var recorder = new Recorder();
        var completer = new OutcomeCompleter(recorder.RecordAsync);

        var answer = completer.RecordAsync("t1", Reports(1), Ct);

        // The store call began before RecordAsync returned: nothing waited on a timer or another thread.
        var call = Assert.Single(recorder.Calls);
        Assert.Single(call.Reports);
        Assert.False(answer.IsCompleted); // answered only after the call committed
        call.Commit();
        Assert.Equal(call.Reports.Select(r => r.ExecutionId), (await answer).Select(r => r.ExecutionId));
    }

    [Fact]
    public async Task Callers_arriving_during_a_flush_share_the_next_one_call_per_tenant_in_arrival_order()
    {
        var recorder = new Recorder();
        var completer = new OutcomeCompleter(recorder.RecordAsync);
        var first = completer.RecordAsync("t1", Reports(1), Ct);
        var a = Reports(1);
        var b = Reports(1);
        var c = Reports(1);
        var answers = new[]
        {
            completer.RecordAsync("t1", a, Ct), completer.RecordAsync("t2", b, Ct), completer.RecordAsync("t1", c, Ct),
        };
        Assert.Single(recorder.Calls); // queued behind the running flush

        recorder.Calls[0].Commit();
        await first;
        var next = (await recorder.WaitForCallsAsync(3)).Skip(1).ToList();

        var t1 = next.Single(x => x.TenantId == "t1");
        var t2 = next.Single(x => x.TenantId == "t2");
        Assert.Equal(a.Concat(c), t1.Reports);
        Assert.Equal(b, t2.Reports);
        Assert.All(answers, x => Assert.False(x.IsCompleted));
        t1.Commit();
        t2.Commit();
        Assert.Equal(a.Select(r => r.ExecutionId), (await answers[0]).Select(r => r.ExecutionId));
        Assert.Equal(b.Select(r => r.ExecutionId), (await answers[1]).Select(r => r.ExecutionId));
        Assert.Equal(c.Select(r => r.ExecutionId), (await answers[2]).Select(r => r.ExecutionId));
    }

    [Fact]
    public async Task A_flush_takes_at_most_the_cap_and_leaves_the_rest_for_the_next()
    {
        var recorder = new Recorder();
        var completer = new OutcomeCompleter(recorder.RecordAsync);
        var first = completer.RecordAsync("t1", Reports(1), Ct);
        var queued = Enumerable.Range(0, 1_500).Select(_ => completer.RecordAsync("t1", Reports(1), Ct)).ToList();

        recorder.Calls[0].Commit();
        var second = (await recorder.WaitForCallsAsync(2))[1];
        Assert.Equal(OutcomeCompleter.MaxReportsPerFlush, second.Reports.Count);
        second.Commit();
        var third = (await recorder.WaitForCallsAsync(3))[2];
        Assert.Equal(500, third.Reports.Count);
        third.Commit();

        await first;
        Assert.All(await Task.WhenAll(queued), r => Assert.Single(r));
    }

    [Fact]
    public async Task A_request_carrying_several_reports_is_recorded_at_once_beside_a_running_flush()
    {
        var recorder = new Recorder();
        var completer = new OutcomeCompleter(recorder.RecordAsync);
        var single = completer.RecordAsync("t1", Reports(1), Ct);
        var reports = Reports(3);

        var batch = completer.RecordAsync("t1", reports, Ct);

        Assert.Equal(2, recorder.Calls.Count); // not queued behind the flush that holds the single report
        Assert.Equal(reports, recorder.Calls[1].Reports);
        recorder.Calls[1].Commit();
        Assert.Equal(3, (await batch).Count);
        recorder.Calls[0].Commit();
        Assert.Single(await single);
    }

    [Fact]
    public async Task A_failed_call_fails_every_caller_in_it_and_only_them()
    {
        var recorder = new Recorder();
        var completer = new OutcomeCompleter(recorder.RecordAsync);
        var first = completer.RecordAsync("t1", Reports(1), Ct);
        var sameTenant = new[] { completer.RecordAsync("t1", Reports(1), Ct), completer.RecordAsync("t1", Reports(1), Ct) };
        var otherTenant = completer.RecordAsync("t2", Reports(1), Ct);
        recorder.Calls[0].Commit();
        await first;

        var next = (await recorder.WaitForCallsAsync(3)).Skip(1).ToList();
        next.Single(x => x.TenantId == "t1").Fail(new InvalidOperationException("disk full"));
        next.Single(x => x.TenantId == "t2").Commit();

        foreach (var failed in sameTenant)
        {
            Assert.Equal("disk full", (await Assert.ThrowsAsync<InvalidOperationException>(() => failed)).Message);
        }

        Assert.Single(await otherTenant);

        // The loop goes on: a later caller is recorded.
        var later = completer.RecordAsync("t1", Reports(1), Ct);
        (await recorder.WaitForCallsAsync(4))[3].Commit();
        Assert.Single(await later);
    }

    [Fact]
    public async Task A_caller_that_gave_up_while_queued_is_dropped_and_the_others_are_recorded()
    {
        var recorder = new Recorder();
        var completer = new OutcomeCompleter(recorder.RecordAsync);
        var first = completer.RecordAsync("t1", Reports(1), Ct);
        using var leaving = new CancellationTokenSource();
        var left = completer.RecordAsync("t1", Reports(1), leaving.Token);
        var stayed = Reports(1);
        var staying = completer.RecordAsync("t1", stayed, Ct);

        await leaving.CancelAsync();
        recorder.Calls[0].Commit();
        await first;
        var next = (await recorder.WaitForCallsAsync(2))[1];
        Assert.Equal(stayed, next.Reports);
        next.Commit();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => left);
        Assert.Single(await staying);
    }

    [Fact]
    public async Task Under_real_concurrency_every_report_is_recorded_once_and_flushes_never_overlap()
    {
        var recorded = new ConcurrentDictionary<Guid, int>();
        var running = 0;
        var overlapped = false;
        var calls = 0;
        var completer = new OutcomeCompleter(async (_, reports) =>
        {
            if (Interlocked.Increment(ref running) > 1) overlapped = true;
            Interlocked.Increment(ref calls);
            await Task.Yield();
            foreach (var r in reports) recorded.AddOrUpdate(r.ExecutionId, 1, (_, n) => n + 1);
            Interlocked.Decrement(ref running);
            return [.. reports.Select(r => new OutcomeResult(r.ExecutionId, null, null))];
        });

        var sent = new ConcurrentBag<Guid>();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                var reports = Reports(1);
                var answer = await completer.RecordAsync("t1", reports, Ct);
                Assert.Equal(reports.Select(r => r.ExecutionId), answer.Select(r => r.ExecutionId));
                foreach (var r in reports) sent.Add(r.ExecutionId);
            }
        }, Ct)));

        Assert.False(overlapped);
        Assert.Equal(sent.Count, recorded.Count);
        Assert.All(recorded.Values, n => Assert.Equal(1, n));
        Assert.All(sent, id => Assert.True(recorded.ContainsKey(id)));
    }

    private static List<OutcomeReport> Reports(int count) =>
        [.. Enumerable.Range(0, count).Select(_ => new OutcomeReport { ExecutionId = Guid.NewGuid(), Success = true })];

    /// <summary>Records each call and leaves it open until the test commits or fails it.</summary>
    private sealed class Recorder
    {
        private readonly Lock _gate = new();
        private readonly List<Call> _calls = [];

        public List<Call> Calls
        {
            get
            {
                lock (_gate) return [.. _calls];
            }
        }

        public Task<IReadOnlyList<OutcomeResult>> RecordAsync(string tenantId, IReadOnlyList<OutcomeReport> reports)
        {
            var call = new Call(tenantId, reports);
            lock (_gate) _calls.Add(call);
            return call.Answer.Task;
        }

        public async Task<List<Call>> WaitForCallsAsync(int count)
        {
            while (Calls.Count < count) await Task.Delay(5, Ct);
            return Calls;
        }
    }

    private sealed record Call(string TenantId, IReadOnlyList<OutcomeReport> Reports)
    {
        public TaskCompletionSource<IReadOnlyList<OutcomeResult>> Answer { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Commit() =>
            Answer.SetResult([.. Reports.Select(r => new OutcomeResult(r.ExecutionId, null, null))]);

        public void Fail(Exception e) => Answer.SetException(e);
    }
}
