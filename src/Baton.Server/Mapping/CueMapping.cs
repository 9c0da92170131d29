using Baton.Contracts.Cues;
using Baton.Core.Cues;
using Baton.Core.Executions;

namespace Baton.Server.Mapping;

/// <summary>Core cues to their wire shape.</summary>
internal static class CueMapping
{
    public static CueResponse ToResponse(this Cue c, string? warning = null)
    {
        var d = c.Definition;
        return new CueResponse
        {
            Id = c.Id,
            Name = c.Name,
            Description = d.Description,
            Status = c.Status,
            Transport = d.Transport,
            Schedule = new CueScheduleBody { Type = d.ScheduleType, Cron = d.Cron, At = d.At, Timezone = d.Timezone },
            // Never null: CueAPI's clients read callback.method and callback.headers of every cue, worker cues too.
            Callback = d.Callback is { } cb
                ? new CueCallbackBody { Url = cb.Url, Method = cb.Method, Headers = cb.Headers }
                : new CueCallbackBody { Url = null, Method = "POST", Headers = new Dictionary<string, string>() },
            Payload = JsonText.ParseObject(d.PayloadJson),
            Retry = new CueRetryBody { MaxAttempts = d.MaxAttempts, BackoffMinutes = d.BackoffMinutes },
            NextRun = c.NextRun,
            LastRun = c.LastRun,
            RunCount = c.RunCount,
            FiredCount = c.FiredCount,
            OnFailure = new CueOnFailureBody { Email = d.OnFailure.Email, Webhook = d.OnFailure.Webhook, Pause = d.OnFailure.Pause },
            Verification = new CueVerificationBody { Mode = d.VerificationMode },
            CreatedAt = c.CreatedAt,
            UpdatedAt = c.UpdatedAt,
            Queue = d.Queue,
            Task = d.Task,
            Priority = d.Priority,
            LeaseSeconds = d.LeaseSeconds,
            UnclaimedTimeoutSeconds = d.EffectiveUnclaimedTimeoutSeconds,
            CatchUp = d.CatchUp,
            OnSuccessFire = d.OnSuccessFire,
            RequirePayloadOverride = d.RequirePayloadOverride,
            RequiredPayloadKeys = d.RequiredPayloadKeys,
            Warning = warning,
        };
    }

    public static FireCueResponse ToFireResponse(this Execution e) => new()
    {
        Id = e.Id,
        CueId = e.CueId!,
        ScheduledFor = e.ScheduledFor,
        Status = e.Status.ToName(),
        TriggeredBy = e.TriggeredBy,
    };
}
