using System.Text.Json;
using Baton.Contracts.Executions;
using Baton.Core;
using Baton.Core.Executions;
using Baton.Server.Mapping;

namespace Baton.Server.Validation;

/// <summary>Checks execution requests against the API's limits and turns them into Core requests.</summary>
internal static class ExecutionRequests
{
    /// <summary><paramref name="prefix"/> names the item inside a batch (<c>executions[3].</c>) so details point at it.</summary>
    public static EnqueueRequest ToEnqueue(EnqueueExecutionRequest r, string prefix, RequestErrors errors)
    {
        errors.Length(prefix + "title", r.Title, Limits.TitleLength);
        errors.QueueName(prefix + "queue", r.Queue);
        errors.Length(prefix + "task", r.Task, Limits.NameLength, min: 1);
        errors.Length(prefix + "agent", r.Agent, Limits.NameLength, min: 1);
        errors.Range(prefix + "priority", r.Priority, -Limits.MaxPriority, Limits.MaxPriority);
        errors.Length(prefix + "run_id", r.RunId, Limits.RunIdLength, min: 1);
        errors.StringList(prefix + "tags", r.Tags, Limits.MaxTags, Limits.TagLength);
        errors.Range(prefix + "ttl_seconds", r.TtlSeconds, 1, Limits.MaxTtlSeconds);
        errors.Range(prefix + "max_attempts", r.MaxAttempts, 1, RetryPolicy.MaxAttemptsForEnqueue);
        errors.Length(prefix + "idempotency_key", r.IdempotencyKey, Limits.IdempotencyKeyLength, min: 1);
        if (r.BackoffSeconds is { } backoff)
        {
            if (backoff.Count > Limits.MaxBackoffValues)
            {
                errors.Add(prefix + "backoff_seconds", $"must have at most {Limits.MaxBackoffValues} values.");
            }

            for (var i = 0; i < backoff.Count && i < Limits.MaxBackoffValues; i++)
            {
                errors.Range($"{prefix}backoff_seconds[{i}]", backoff[i], 0, Limits.MaxBackoffSeconds);
            }
        }

        string? payload = null;
        if (JsonText.Present(r.Payload) is { } p)
        {
            if (p.ValueKind != JsonValueKind.Object) errors.Add(prefix + "payload", "must be a JSON object.");
            else
            {
                payload = JsonText.Compact(p);
                if (JsonText.Utf8Length(payload) > Limits.PayloadBytes)
                {
                    errors.Add(prefix + "payload", $"must be at most {Limits.PayloadBytes} bytes.");
                }
            }
        }

        return new EnqueueRequest
        {
            Title = r.Title,
            Queue = r.Queue,
            Task = r.Task,
            Agent = r.Agent,
            PayloadJson = payload,
            Priority = r.Priority ?? 0,
            RunId = r.RunId,
            Tags = r.Tags ?? [],
            SendAt = r.SendAt,
            TtlSeconds = r.TtlSeconds,
            MaxAttempts = r.MaxAttempts,
            BackoffSeconds = r.BackoffSeconds,
            IdempotencyKey = r.IdempotencyKey,
        };
    }

    public static ClaimRequest ToClaim(ClaimExecutionsRequest r)
    {
        var errors = new RequestErrors();
        WorkerId(errors, "worker_id", r.WorkerId);
        errors.Length("task", r.Task, Limits.NameLength, min: 1);
        errors.StringList("tasks", r.Tasks, Limits.MaxClaimLimit, Limits.NameLength);
        errors.Length("agent", r.Agent, Limits.NameLength, min: 1);
        errors.QueueName("queue", r.Queue);
        errors.Length("run_id", r.RunId, Limits.RunIdLength, min: 1);
        errors.StringList("tags", r.Tags, Limits.MaxTags, Limits.TagLength);
        LeaseSeconds(errors, r.LeaseSeconds);
        errors.Range("limit", r.Limit, 1, Limits.MaxClaimLimit);
        errors.Range("wait_seconds", r.WaitSeconds, 0, BatonOptions.MaxWaitSeconds);
        errors.ThrowIfAny();

        var tasks = new List<string>();
        if (r.Task is not null) tasks.Add(r.Task);
        if (r.Tasks is not null) tasks.AddRange(r.Tasks.Where(t => !tasks.Contains(t, StringComparer.Ordinal)));
        var filter = new ClaimFilter
        {
            Tasks = tasks,
            Agent = r.Agent,
            Queue = r.Queue,
            RunId = r.RunId,
            Tags = r.Tags ?? [],
        };
        return new ClaimRequest(r.WorkerId!, filter, r.LeaseSeconds, r.Limit ?? 1, r.WaitSeconds ?? 0);
    }

    public static void CheckClaimById(ClaimByIdRequest r)
    {
        var errors = new RequestErrors();
        WorkerId(errors, "worker_id", r.WorkerId);
        LeaseSeconds(errors, r.LeaseSeconds);
        errors.ThrowIfAny();
    }

    public static string? CheckHeartbeat(ExecutionHeartbeatRequest r)
    {
        var errors = new RequestErrors();
        LeaseSeconds(errors, r.LeaseSeconds);
        string? progress = null;
        if (JsonText.Present(r.Progress) is { } p)
        {
            progress = JsonText.Compact(p);
            if (JsonText.Utf8Length(progress) > Limits.ProgressBytes)
            {
                errors.Add("progress", $"must be at most {Limits.ProgressBytes} bytes.");
            }
        }

        errors.ThrowIfAny();
        return progress;
    }

    /// <summary>
    /// Metadata over 10 KiB is the documented 400 <c>metadata_too_large</c> rather than a 422, so it is thrown at once;
    /// every other problem is collected into <paramref name="errors"/>.
    /// </summary>
    public static OutcomeReport ToOutcome(
        RecordOutcomeRequest r, Guid executionId, string? workerId, string? claimToken, string prefix, RequestErrors errors)
    {
        errors.Required(prefix + "success", r.Success);
        errors.Length(prefix + "result", r.Result, Limits.OutcomeTextLength);
        errors.Length(prefix + "error", r.Error, Limits.OutcomeTextLength);
        var metadata = errors.SmallObject(prefix + "metadata", r.Metadata, Limits.MetadataBytes);

        var evidence = ToEvidence(r.ExternalId, r.ResultUrl, r.ResultRef, r.ResultType, r.Summary, r.Artifacts, prefix, errors);
        return new OutcomeReport
        {
            ExecutionId = executionId,
            WorkerId = workerId,
            ClaimToken = claimToken,
            Success = r.Success ?? false,
            Result = r.Result,
            Error = r.Error,
            MetadataJson = metadata,
            Evidence = evidence.IsEmpty ? null : evidence,
            Retryable = r.Retryable ?? true,
        };
    }

    /// <summary>Evidence fields with the outcome's limits: on an outcome, and on a late <c>PATCH /evidence</c>.</summary>
    public static Evidence ToEvidence(
        string? externalId, string? resultUrl, string? resultRef, string? resultType, string? summary,
        JsonElement? artifactsJson, string prefix, RequestErrors errors)
    {
        errors.Length(prefix + "external_id", externalId, Limits.EvidenceIdLength);
        errors.Length(prefix + "result_ref", resultRef, Limits.EvidenceIdLength);
        errors.Length(prefix + "result_type", resultType, Limits.ResultTypeLength);
        errors.Length(prefix + "summary", summary, Limits.SummaryLength);
        if (resultUrl is not null && !IsHttpUrl(resultUrl))
        {
            errors.Add(prefix + "result_url", $"must be an absolute http or https URL of at most {Limits.ResultUrlLength} characters.");
        }

        string? artifacts = null;
        if (JsonText.Present(artifactsJson) is { } a)
        {
            if (a.ValueKind != JsonValueKind.Array) errors.Add(prefix + "artifacts", "must be a JSON array.");
            else if (a.GetArrayLength() > Limits.MaxArtifacts)
            {
                errors.Add(prefix + "artifacts", $"must have at most {Limits.MaxArtifacts} items.");
            }
            else
            {
                artifacts = JsonText.Compact(a);
                if (JsonText.Utf8Length(artifacts) > Limits.ArtifactsBytes)
                {
                    errors.Add(prefix + "artifacts", $"must be at most {Limits.ArtifactsBytes} bytes.");
                }
            }
        }

        return new Evidence(externalId, resultUrl, resultRef, resultType, summary, artifacts);
    }

    public static void CheckCancel(CancelExecutionRequest r)
    {
        var errors = new RequestErrors();
        errors.Length("reason", r.Reason, Limits.CancelReasonLength);
        errors.ThrowIfAny();
    }

    public static void WorkerId(RequestErrors errors, string field, string? value)
    {
        errors.Required(field, value);
        errors.Length(field, value, Limits.NameLength, min: 1);
    }

    private static void LeaseSeconds(RequestErrors errors, int? value) =>
        errors.Range("lease_seconds", value, 1, BatonOptions.MaxLeaseSeconds);

    private static bool IsHttpUrl(string value) =>
        value.Length <= Limits.ResultUrlLength &&
        Uri.TryCreate(value, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
