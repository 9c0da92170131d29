using System.Text.Json;
using Baton.Core.Events;
using Baton.Core.Executions;

namespace Baton.Core.Cues;

/// <summary>The <c>cue.*</c> events, written in the same transaction as the cue change they describe.</summary>
public static class CueEvents
{
    public static NewEvent For(Cue cue, string type, DateTimeOffset at, Execution? execution = null)
    {
        var data = new Dictionary<string, object?> { ["name"] = cue.Name, ["status"] = cue.Status };
        if (execution is not null)
        {
            data["scheduled_for"] = execution.ScheduledFor;
            data["triggered_by"] = execution.TriggeredBy;
        }

        return new NewEvent(cue.TenantId, type, execution?.Id, execution?.RunId, cue.Id, cue.Definition.Queue,
            execution?.Status.ToName(), at, JsonSerializer.Serialize(data, CoreJson.Default.DictionaryStringObject));
    }

    /// <summary>The event a status change announces, or null when the status did not change.</summary>
    public static string? ForStatusChange(string from, string to) => (from, to) switch
    {
        _ when from == to => null,
        (_, CueStatuses.Paused) => EventTypes.CuePaused,
        (CueStatuses.Paused, CueStatuses.Active) => EventTypes.CueResumed,
        (_, CueStatuses.Failed) => EventTypes.CueFailed,
        _ => null,
    };
}
