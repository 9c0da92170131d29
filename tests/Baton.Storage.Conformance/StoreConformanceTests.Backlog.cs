using Baton.Core.Executions;
using Baton.Core.Storage;
using Xunit;

namespace Baton.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task The_backlog_groups_open_work_by_queue_task_and_status_and_dates_only_what_is_due()
    {
        var due = Now.AddMinutes(-5);
        await EnqueueAsync(
            NewExecution(task: "a", queue: "q1", scheduledFor: due),
            NewExecution(task: "a", queue: "q1", scheduledFor: Now.AddMinutes(-1)),
            NewExecution(task: "a", queue: "q1", scheduledFor: Now.AddHours(1)),
            NewExecution(task: null, queue: "q2", scheduledFor: due));
        var claimed = await ClaimOneAsync(filter: new ClaimFilter { Queue = "q2" });

        var backlog = await Store.GetBacklogAsync(new GetBacklogParams(Now), Ct);

        Assert.Equal(2, backlog.Count);
        var pending = Assert.Single(backlog, g => g.Queue == "q1");
        Assert.Equal(("a", ExecutionStatus.Pending, 3L), (pending.Task, pending.Status, pending.Count));
        Assert.Equal(due, pending.OldestDueAt);
        var delivering = Assert.Single(backlog, g => g.Queue == "q2");
        Assert.Equal((null, ExecutionStatus.Delivering, 1L, null), (delivering.Task, delivering.Status, delivering.Count, delivering.OldestDueAt));
        Assert.Equal("q2", claimed.Queue);
    }
}
