using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Core.Alerts;
using Baton.Core.Events;
using Baton.Core.Executions;

namespace Baton.Core.Cues;

/// <summary>
/// What the end of an execution does to its cue (its on-success and on-failure rules), as pure decisions over one event of the
/// log and what it refers to. <see cref="CueEffects"/> reads the inputs, asks here, and applies the plan.
/// </summary>
public static class CueEffectRules
{
    /// <summary>
    /// Whether <paramref name="e"/> can need an effect, from the event alone, so the loop reads nothing for the
    /// others: an execution of a cue that finished or was verified, or any verification (an execution enqueued
    /// without a cue can still be rejected by <c>verify</c>).
    /// </summary>
    public static bool MayAct(BatonEvent e) => e.Type switch
    {
        EventTypes.ExecutionSucceeded or EventTypes.ExecutionFailed or EventTypes.ExecutionMissed => e.CueId is not null,
        EventTypes.ExecutionVerified => true,
        _ => false,
    };

    /// <summary>Whether deciding <paramref name="e"/> needs the cue's recent finished executions (a final failure).</summary>
    public static bool IsFinalFailure(BatonEvent e) => e.Type is EventTypes.ExecutionFailed or EventTypes.ExecutionMissed;

    /// <summary>
    /// The plan for one event. <paramref name="cue"/> is the event's cue (null: none, or deleted);
    /// <paramref name="execution"/> the execution as it is now (null: pruned); <paramref name="recentFinished"/> the
    /// cue's latest finished (success, failed, missed) executions, newest first, for a final failure.
    /// </summary>
    public static CueEffectPlan Decide(
        BatonEvent e, Cue? cue, Execution? execution, IReadOnlyList<Execution> recentFinished)
    {
        ArgumentNullException.ThrowIfNull(e);
        var alerts = new List<NewAlert>();
        // The state as of this event (it is in every execution event's data), not as the row reads now: a later
        // verify may have changed it, and that verify has its own event.
        if (e.Type is EventTypes.ExecutionSucceeded or EventTypes.ExecutionVerified &&
            DataString(e, "outcome_state") == OutcomeStates.VerificationFailed)
        {
            alerts.Add(new NewAlert(e.TenantId, e.CueId, e.ExecutionId, AlertTypes.VerificationFailed, AlertTypes.Warning,
                $"Execution {e.ExecutionId} {Of(cue)}failed verification" +
                (execution is null ? "." : $" (mode {execution.VerificationMode}).")));
        }

        if (cue is null || e.Type == EventTypes.ExecutionVerified) return new CueEffectPlan { Alerts = alerts };

        var d = cue.Definition;
        // A once cue finishes with its scheduled execution; a manual fire or a replay of it does not decide it.
        var onceSlot = d.ScheduleType == ScheduleTypes.Once && execution?.TriggeredBy == TriggeredBy.Scheduled;
        if (e.Type == EventTypes.ExecutionSucceeded)
        {
            return new CueEffectPlan
            {
                CueStatus = onceSlot ? new CueStatusChange([CueStatuses.Active, CueStatuses.Paused], CueStatuses.Completed) : null,
                ChainToCueId = d.OnSuccessFire,
                Alerts = alerts,
            };
        }

        if (!IsFinalFailure(e)) return new CueEffectPlan { Alerts = alerts };

        CueStatusChange? status = null;
        if (onceSlot) status = new CueStatusChange([CueStatuses.Active, CueStatuses.Paused], CueStatuses.Failed);
        else if (d.ScheduleType == ScheduleTypes.Recurring && d.OnFailure.Pause)
        {
            status = new CueStatusChange([CueStatuses.Active], CueStatuses.Paused);
        }

        var attempts = DataInt(e, "attempt") ?? execution?.Attempts ?? 0;
        var lastError = DataString(e, "error") ?? execution?.ErrorMessage;
        if (IsConsecutiveFailure(execution, recentFinished))
        {
            alerts.Add(new NewAlert(e.TenantId, cue.Id, e.ExecutionId, AlertTypes.ConsecutiveFailures, AlertTypes.Critical,
                $"Cue '{cue.Name}' failed {AlertTypes.ConsecutiveFailureThreshold} times in a row" +
                (lastError is null ? "." : $"; last error: {Truncate(lastError, 300)}")));
        }

        return new CueEffectPlan
        {
            CueStatus = status,
            CueFailedEvent = true,
            FailureNotice = d.OnFailure.Webhook is { } url
                ? new CueFailureNotice(url, new JsonObject
                {
                    ["event"] = EventTypes.CueFailed,
                    ["cue_id"] = cue.Id,
                    ["cue_name"] = cue.Name,
                    ["attempts"] = attempts,
                    ["last_error"] = lastError,
                    ["failed_at"] = e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
                })
                : null,
            Alerts = alerts,
        };
    }

    /// <summary>
    /// Whether this execution ends a run of <see cref="AlertTypes.ConsecutiveFailureThreshold"/> finished executions
    /// of its cue that all finally failed or were missed. Only executions up to this one (in creation order)
    /// count, so an event read late is judged as of its own time; cancelled and unfinished ones are not in the list.
    /// </summary>
    public static bool IsConsecutiveFailure(Execution? execution, IReadOnlyList<Execution> recentFinished)
    {
        var upToThis = recentFinished
            .Where(x => execution is null || x.Sequence <= execution.Sequence)
            .Take(AlertTypes.ConsecutiveFailureThreshold)
            .ToList();
        return upToThis.Count == AlertTypes.ConsecutiveFailureThreshold &&
               upToThis.All(x => x.Status is ExecutionStatus.Failed or ExecutionStatus.Missed);
    }

    private static string Of(Cue? cue) => cue is null ? "" : $"of cue '{cue.Name}' ";

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "…";

    private static string? DataString(BatonEvent e, string name) =>
        Data(e, name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    private static int? DataInt(BatonEvent e, string name) =>
        Data(e, name) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt32(out var i) ? i : null;

    private static JsonElement? Data(BatonEvent e, string name)
    {
        if (string.IsNullOrEmpty(e.DataJson)) return null;
        try
        {
            using var doc = JsonDocument.Parse(e.DataJson);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var v)
                ? v.Clone()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
