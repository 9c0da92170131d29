using System.Text.Json;
using Baton.Core.Executions;

namespace Baton.Core.Cues;

/// <summary>The execution a cue makes for one slot: the cue's template copied onto a new row.</summary>
public static class CueExecutions
{
    public static NewExecution ForSlot(
        Cue cue, DateTimeOffset scheduledFor, string triggeredBy, Guid id, string? payloadJson = null)
    {
        var d = cue.Definition;
        var payload = payloadJson ?? d.PayloadJson;
        return new NewExecution
        {
            Id = id,
            CueId = cue.Id,
            Title = cue.Name,
            Queue = d.Queue,
            // The cue's own task first; CueAPI's cues carry it as payload.task, which stays the fallback.
            Task = d.Task ?? PayloadString(payload, "task"),
            Agent = PayloadString(payload, "agent"),
            Priority = d.Priority,
            PayloadJson = payload,
            ScheduledFor = scheduledFor,
            ExpiresAt = d.EffectiveUnclaimedTimeoutSeconds is { } window ? scheduledFor.AddSeconds(window) : null,
            MaxAttempts = d.MaxAttempts,
            BackoffSeconds = [.. d.BackoffMinutes.Select(m => m * 60)],
            TriggeredBy = triggeredBy,
            Transport = d.Transport,
            VerificationMode = d.VerificationMode,
        };
    }

    /// <summary>CueAPI workers route on <c>payload.task</c> (and optionally <c>payload.agent</c>).</summary>
    private static string? PayloadString(string payloadJson, string name)
    {
        using var doc = JsonDocument.Parse(payloadJson);
        return doc.RootElement.ValueKind == JsonValueKind.Object &&
               doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
    }
}
