using Baton.Contracts.Events;
using Baton.Contracts.Runs;
using Baton.Core.Events;
using Baton.Core.Runs;

namespace Baton.Server.Mapping;

internal static class RunMapping
{
    public static RunResponse ToResponse(this RunSummary r) => new()
    {
        RunId = r.RunId,
        Total = r.Total,
        Counts = r.Counts.ToResponse(),
        Done = r.Done,
        FirstCreatedAt = r.FirstCreatedAt,
        LastFinishedAt = r.LastFinishedAt,
        LastActivityAt = r.LastActivityAt,
    };

    public static EventResponse ToResponse(this BatonEvent e) => new()
    {
        Id = e.Id,
        Cursor = e.Cursor,
        Type = e.Type,
        ExecutionId = e.ExecutionId,
        RunId = e.RunId,
        CueId = e.CueId,
        Queue = e.Queue,
        Status = e.Status,
        At = e.At,
        Data = JsonText.Parse(e.DataJson),
    };
}
