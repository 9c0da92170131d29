using Baton.Core.Events;

namespace Baton.Core.Storage;

/// <summary>The event log: every execution state change writes one event, in the change's own transaction.</summary>
public interface IEventStore
{
    /// <summary>
    /// Events after a cursor in stream order. A reader never skips an event whose transaction commits after the
    /// reader passed its position: a position is only handed out once nothing can ever sort before it (SQLite: one
    /// writer at a time; PostgreSQL: numbered after commit by the event sequencer). Read-your-writes: a read that
    /// starts after a change returned includes that change's event. Nothing outside Baton's own writes delays it.
    /// </summary>
    Task<EventPage> ReadEventsAsync(ReadEventsParams p, CancellationToken ct);
}
