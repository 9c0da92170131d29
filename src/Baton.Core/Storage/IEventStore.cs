using Baton.Core.Events;

namespace Baton.Core.Storage;

/// <summary>The event log: every execution state change writes one event, in the change's own transaction.</summary>
public interface IEventStore
{
    /// <summary>
    /// Events after a cursor in stream order. A reader never skips an event whose transaction commits after the
    /// reader passed its position: each driver only hands out positions below every in-flight writer.
    /// </summary>
    Task<EventPage> ReadEventsAsync(ReadEventsParams p, CancellationToken ct);
}
