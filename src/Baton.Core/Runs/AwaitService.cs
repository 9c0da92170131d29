using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Notifications;
using Baton.Core.Storage;

namespace Baton.Core.Runs;

/// <summary>
/// Zero-poll waiting: an execution until it finishes, a run until all of it has, the event stream until it has
/// something new. All park on the notifier (<see cref="Parking"/>), so a change on any node wakes them.
/// </summary>
public sealed class AwaitService(IBatonStore store, Parking parking, ParkedAwaits parkedAwaits)
{
    /// <summary>
    /// The execution once it is terminal, or as it stands when <paramref name="wait"/> runs out. A finish on this
    /// node answers with the row it wrote (<see cref="ParkedAwaits"/>); from another node, the wake-up is followed
    /// by a read.
    /// </summary>
    public async Task<Execution> WaitForExecutionAsync(string tenantId, Guid id, TimeSpan wait, CancellationToken ct)
    {
        var execution = await parking.UntilAsync(
            Topics.Execution(id),
            t => store.GetExecutionAsync(new GetExecutionParams(tenantId, id), t),
            e => e is null || e.Status.IsTerminal(),
            wait,
            ct,
            new WaitOptions<Execution?> { OpenHandOff = () => parkedAwaits.Park(tenantId, id) });
        return execution ?? throw Errors.ExecutionNotFound();
    }

    /// <summary>The run once every execution in it is terminal, or as it stands when the wait runs out.</summary>
    public Task<RunSummary> WaitForRunAsync(string tenantId, string runId, TimeSpan wait, CancellationToken ct) =>
        parking.UntilAsync(
            Topics.Events(tenantId),
            t => store.GetRunAsync(new GetRunParams(tenantId, runId), t),
            run => run.Done,
            wait,
            ct);

    /// <summary>Events after the cursor; when there are none yet, waits up to <paramref name="wait"/> for some.</summary>
    public Task<EventPage> ReadEventsAsync(ReadEventsParams p, TimeSpan wait, CancellationToken ct) =>
        parking.UntilAsync(
            p.TenantId is null ? Topics.AllEvents : Topics.Events(p.TenantId),
            t => store.ReadEventsAsync(p, t),
            page => page.Events.Count > 0,
            wait,
            ct);
}
