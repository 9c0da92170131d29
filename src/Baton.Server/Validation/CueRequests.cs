using System.Text.Json;
using Baton.Contracts.Cues;
using Baton.Contracts.Errors;
using Baton.Core.Cues;
using Baton.Server.Http;
using Baton.Server.Mapping;
using Baton.Server.Webhooks;

namespace Baton.Server.Validation;

/// <summary>
/// Checks a cue body and turns it into a <see cref="CueDefinition"/>. The error codes documented for cues
/// (invalid_schedule, invalid_timezone, invalid_callback_url, invalid_payload) are answered as such; every other
/// problem is a 422 validation_error listing all fields at once.
/// </summary>
internal static class CueRequests
{
    public const int MinRetryAttempts = 1;
    public const int MaxRetryAttempts = 10;
    public const int MaxBackoffMinutes = 1440;

    private static readonly string[] CallbackMethods = ["POST", "GET", "PUT", "PATCH"];

    /// <summary>The fields a PATCH may carry; anything else is refused.</summary>
    public static readonly IReadOnlySet<string> PatchFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "name", "description", "schedule", "transport", "callback", "payload", "retry", "on_failure", "verification",
        "queue", "task", "priority", "lease_seconds", "unclaimed_timeout_seconds", "catch_up", "on_success_fire",
        "require_payload_override", "required_payload_keys", "status",
    };

    /// <summary>
    /// The definition <paramref name="body"/> asks for, on top of <paramref name="current"/> (null for a create:
    /// the defaults). Throws on the first coded problem, else collects field errors and throws them together.
    /// </summary>
    public static CueDefinition ToDefinition(CueRequest body, CueDefinition? current, DateTimeOffset now, bool checkAtInFuture)
    {
        var errors = new RequestErrors();
        var d = current ?? new CueDefinition { ScheduleType = ScheduleTypes.Recurring };

        if (body.Schedule is { } s)
        {
            d = d with
            {
                ScheduleType = s.Type ?? (current is null ? "" : d.ScheduleType),
                Cron = s.Cron ?? d.Cron,
                At = s.At ?? d.At,
                Timezone = s.Timezone ?? d.Timezone,
            };
        }
        else if (current is null)
        {
            throw Coded(StatusCodes.Status400BadRequest, ErrorCodes.InvalidSchedule, "schedule is required.");
        }

        CheckSchedule(d, now, checkAtInFuture && (current is null || body.Schedule?.At is not null));

        if (body.Description is not null) d = d with { Description = body.Description };
        if (body.Transport is not null)
        {
            if (!CueTransports.All.Contains(body.Transport)) errors.Add("transport", "must be webhook or worker.");
            d = d with { Transport = body.Transport };
        }

        if (body.Callback is { } cb)
        {
            if (cb.Url is not null && !(Uri.TryCreate(cb.Url, UriKind.Absolute, out var url) &&
                                        url.Scheme is "https" or "http" && url.UserInfo.Length == 0))
            {
                throw Coded(StatusCodes.Status400BadRequest, ErrorCodes.InvalidCallbackUrl,
                    "callback.url must be an absolute https URL without credentials.");
            }

            var method = (cb.Method ?? d.Callback?.Method ?? "POST").ToUpperInvariant();
            if (!CallbackMethods.Contains(method)) errors.Add("callback.method", "must be one of POST, GET, PUT, PATCH.");
            d = d with
            {
                Callback = new CueCallback(cb.Url ?? d.Callback?.Url ?? "", method,
                    cb.Headers ?? d.Callback?.Headers ?? new Dictionary<string, string>()),
            };
        }

        if (JsonText.Present(body.Payload) is { } payload)
        {
            if (payload.ValueKind != JsonValueKind.Object)
            {
                throw Coded(StatusCodes.Status400BadRequest, ErrorCodes.InvalidPayload, "payload must be a JSON object.");
            }

            var text = JsonText.Compact(payload);
            if (JsonText.Utf8Length(text) > Limits.PayloadBytes)
            {
                throw Coded(StatusCodes.Status400BadRequest, ErrorCodes.InvalidPayloadSize, "payload must be at most 1 MiB.");
            }

            d = d with { PayloadJson = text };
        }

        if (body.Retry is { } retry)
        {
            errors.Range("retry.max_attempts", retry.MaxAttempts, MinRetryAttempts, MaxRetryAttempts);
            if (retry.BackoffMinutes is { } backoff)
            {
                if (backoff.Count is 0 or > Limits.MaxBackoffValues)
                {
                    errors.Add("retry.backoff_minutes", $"must have between 1 and {Limits.MaxBackoffValues} values.");
                }
                else if (backoff.Any(m => m is < 0 or > MaxBackoffMinutes))
                {
                    errors.Add("retry.backoff_minutes", $"values must be between 0 and {MaxBackoffMinutes}.");
                }
            }

            d = d with
            {
                MaxAttempts = retry.MaxAttempts ?? d.MaxAttempts,
                BackoffMinutes = retry.BackoffMinutes ?? d.BackoffMinutes,
            };
        }

        if (body.OnFailure is { } f)
        {
            d = d with
            {
                OnFailure = new CueOnFailure(f.Email ?? d.OnFailure.Email, f.Webhook ?? d.OnFailure.Webhook, f.Pause ?? d.OnFailure.Pause),
            };
        }

        if (body.Verification?.Mode is { } mode)
        {
            if (!VerificationModes.All.Contains(mode)) errors.Add("verification.mode", $"must be one of {string.Join(", ", VerificationModes.All)}.");
            d = d with { VerificationMode = mode };
        }

        errors.QueueName("queue", body.Queue);
        errors.Length("task", body.Task, Limits.NameLength, min: 1);
        errors.Range("priority", body.Priority, -Limits.MaxPriority, Limits.MaxPriority);
        errors.Range("lease_seconds", body.LeaseSeconds, 1, Core.BatonOptions.MaxLeaseSeconds);
        errors.Range("unclaimed_timeout_seconds", body.UnclaimedTimeoutSeconds, 1, Limits.MaxTtlSeconds);
        if (body.CatchUp is not null && !CatchUpPolicies.All.Contains(body.CatchUp))
        {
            errors.Add("catch_up", $"must be one of {string.Join(", ", CatchUpPolicies.All)}.");
        }

        errors.Length("on_success_fire", body.OnSuccessFire, 64, min: 1);
        errors.StringList("required_payload_keys", body.RequiredPayloadKeys, 100, 255);
        d = d with
        {
            Queue = body.Queue ?? d.Queue,
            Task = body.Task ?? d.Task,
            Priority = body.Priority ?? d.Priority,
            LeaseSeconds = body.LeaseSeconds ?? d.LeaseSeconds,
            UnclaimedTimeoutSeconds = body.UnclaimedTimeoutSeconds ?? d.UnclaimedTimeoutSeconds,
            CatchUp = body.CatchUp ?? d.CatchUp,
            OnSuccessFire = body.OnSuccessFire ?? d.OnSuccessFire,
            RequirePayloadOverride = body.RequirePayloadOverride ?? d.RequirePayloadOverride,
            RequiredPayloadKeys = body.RequiredPayloadKeys ?? d.RequiredPayloadKeys,
        };

        errors.ThrowIfAny();
        if (d.Transport == CueTransports.Webhook && string.IsNullOrEmpty(d.Callback?.Url))
        {
            throw Coded(StatusCodes.Status400BadRequest, ErrorCodes.InvalidCallbackUrl, "callback.url is required for a webhook cue.");
        }

        return d;
    }

    private static void CheckSchedule(CueDefinition d, DateTimeOffset now, bool checkAtInFuture)
    {
        if (!ScheduleTypes.All.Contains(d.ScheduleType))
        {
            throw Coded(StatusCodes.Status400BadRequest, ErrorCodes.InvalidSchedule, "schedule.type must be once, recurring or on_demand.");
        }

        if (CueSchedule.TryFindTimeZone(d.Timezone) is null)
        {
            throw Coded(StatusCodes.Status422UnprocessableEntity, ErrorCodes.InvalidTimezone, $"'{d.Timezone}' is not a known IANA time zone.");
        }

        switch (d.ScheduleType)
        {
            case ScheduleTypes.Recurring when CueSchedule.TryParseCron(d.Cron) is null:
                throw Coded(StatusCodes.Status400BadRequest, ErrorCodes.InvalidSchedule, $"'{d.Cron}' is not a valid cron expression.");
            case ScheduleTypes.Once when d.At is null:
                throw Coded(StatusCodes.Status400BadRequest, ErrorCodes.InvalidSchedule, "schedule.at is required for a once cue.");
            case ScheduleTypes.Once when checkAtInFuture && d.At <= now:
                throw Coded(StatusCodes.Status400BadRequest, ErrorCodes.InvalidSchedule, "schedule.at must be in the future.");
        }
    }

    /// <summary>
    /// The SSRF rules (<see cref="CallbackUrlGuard"/>) for the URLs this request sets: <c>callback.url</c> and
    /// <c>on_failure.webhook</c>, resolved now. A refusal is a 400 invalid_callback_url naming the reason; nothing is
    /// stored; a host that does not resolve now is accepted with a warning (returned). The same rules run again at
    /// every delivery.
    /// </summary>
    public static async Task<string?> CheckCallbackUrlsAsync(
        CueRequest body, CueDefinition d, CallbackUrlGuard guard, CancellationToken ct)
    {
        var touched = body.Callback is not null || body.OnFailure is not null || body.Transport is not null;
        if (!touched) return null;
        var warnings = new List<string>();
        if (d.Callback?.Url is { Length: > 0 } url && await CheckUrlAsync("callback.url", url, guard, ct) is { } w1) warnings.Add(w1);
        if (d.OnFailure.Webhook is { Length: > 0 } notice && await CheckUrlAsync("on_failure.webhook", notice, guard, ct) is { } w2)
        {
            warnings.Add(w2);
        }

        return warnings.Count == 0 ? null : string.Join(" ", warnings);
    }

    /// <summary>
    /// A URL Baton will POST to, checked against the SSRF rules now: a refusal is 400 <paramref name="code"/>; a host
    /// that does not resolve now is accepted with the warning returned.
    /// </summary>
    public static async Task<string?> CheckUrlAsync(
        string field, string url, CallbackUrlGuard guard, CancellationToken ct, string code = ErrorCodes.InvalidCallbackUrl)
    {
        try
        {
            return await guard.CheckAsync(url, ct) is { } warning ? $"{field}: {warning}" : null;
        }
        catch (CallbackUrlRefusedException e)
        {
            throw Coded(StatusCodes.Status400BadRequest, code, $"{field} is refused: {e.Message}.");
        }
    }

    private static ApiProblemException Coded(int status, string code, string message) => new(status, code, message);
}
