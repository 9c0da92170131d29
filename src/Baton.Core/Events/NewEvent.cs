using System.Text.Json;
using Baton.Core.Executions;

namespace Baton.Core.Events;

/// <summary>An event about to be written, in the same transaction as the change it describes.</summary>
public sealed record NewEvent(
    string TenantId,
    string Type,
    Guid? ExecutionId,
    string? RunId,
    string? CueId,
    string? Queue,
    string? Status,
    DateTimeOffset At,
    string? DataJson)
{
    /// <summary>
    /// The event for an execution that just changed, with the few facts a subscriber acts on (and
    /// <paramref name="extra"/> ones, such as a verification's verdict).
    /// </summary>
    public static NewEvent For(
        Execution e, string type, DateTimeOffset at, IReadOnlyDictionary<string, object?>? extra = null)
    {
        var data = new Dictionary<string, object?>
        {
            ["attempt"] = e.Attempts,
            ["task"] = e.Task,
        };
        if (e.ClaimedByWorker is not null) data["worker_id"] = e.ClaimedByWorker;
        if (e.ErrorMessage is not null && e.Status is not ExecutionStatus.Success) data["error"] = e.ErrorMessage;
        if (e.NextRetry is not null) data["next_retry"] = e.NextRetry;
        if (e.CancelReason is not null) data["reason"] = e.CancelReason;
        if (e.OutcomeState is not null) data["outcome_state"] = e.OutcomeState;
        foreach (var (key, value) in extra ?? new Dictionary<string, object?>()) data[key] = value;
        return new NewEvent(e.TenantId, type, e.Id, e.RunId, e.CueId, e.Queue, e.Status.ToName(), at,
            JsonSerializer.Serialize(data, CoreJson.Default.DictionaryStringObject));
    }
}
