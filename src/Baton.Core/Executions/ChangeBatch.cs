using Baton.Core.Events;

namespace Baton.Core.Executions;

/// <summary>
/// Changes decided in Core for a driver to write: one <see cref="ExecutionChange"/> per execution, each applied as a
/// compare-and-set on the (status, claim_token) of the row it was decided from, and the events of the rows whose
/// status changed, in decision order. A driver only reads the rows and runs the SQL; what happens to each row is
/// decided here, once for both drivers.
/// </summary>
public class ChangeBatch
{
    public Dictionary<Guid, ExecutionChange> Changes { get; } = [];
    public List<NewEvent> Events { get; } = [];

    /// <summary>
    /// The rescuer's decision for rows whose lease expired: back to the queue, or failed when that was the last
    /// attempt (the attempt was counted at claim time). Back in the queue reads as a retry to subscribers.
    /// </summary>
    public static ChangeBatch Rescue(IEnumerable<Execution> expired, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(expired);
        var batch = new ChangeBatch();
        foreach (var current in expired)
        {
            var change = ExecutionRules.DecideRescue(current, now);
            batch.Add(current, change, change.Status == ExecutionStatus.Failed
                ? EventTypes.ExecutionFailed : EventTypes.ExecutionRetrying, now);
        }

        return batch;
    }

    /// <summary>Never-claimed rows whose window closed become <c>missed</c>.</summary>
    public static ChangeBatch Missed(IEnumerable<Execution> expired, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(expired);
        var batch = new ChangeBatch();
        foreach (var current in expired) batch.Add(current, ExecutionRules.DecideMissed(current, now), EventTypes.ExecutionMissed, now);
        return batch;
    }

    private void Add(Execution current, ExecutionChange change, string eventType, DateTimeOffset now)
    {
        Changes[current.Id] = change;
        Events.Add(NewEvent.For(change.ApplyTo(current, now), eventType, now));
    }
}
