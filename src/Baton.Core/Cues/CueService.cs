using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Core.Executions;
using Baton.Core.Notifications;
using Baton.Core.Observability;
using Baton.Core.Storage;
using Baton.Core.Usage;
using Baton.Core.Workers;

namespace Baton.Core.Cues;

/// <summary>The cue use cases behind <c>/v1/cues</c>: defaults, pause/resume, manual fire.</summary>
public sealed class CueService(
    IBatonStore store, ChangePublisher changes, TimeProvider time, UsageService? usage = null)
{
    /// <summary>Fire idempotency keys live beside direct-enqueue keys, so they are scoped by the cue.</summary>
    private const string FireKeyPrefix = "cue-fire:";

    /// <summary>The new cue, and a warning when a worker cue has no worker that heartbeated recently.</summary>
    public async Task<(Cue Cue, string? Warning)> CreateAsync(
        string tenantId, string name, CueDefinition definition, CancellationToken ct)
    {
        if (usage is not null) await usage.EnsureRoomForActiveCueAsync(tenantId, ct);
        var now = time.GetUtcNow();
        var cue = await store.CreateCueAsync(
            new CreateCueParams(tenantId, "cue_" + Ids.RandomToken(12), name, definition, now), ct);
        // The scheduler sleeps until the next known slot; this one may be sooner.
        changes.Publish(new CommittedChanges { CueScheduleChanged = true });
        string? warning = null;
        if (definition.Transport == CueTransports.Worker)
        {
            var workers = await store.ListWorkersAsync(new ListWorkersParams(tenantId), ct);
            if (!workers.Any(w => now - w.LastHeartbeat < WorkerService.ActiveWithin))
            {
                warning = "No worker has sent a heartbeat in the last 180 seconds; executions of this cue wait until one claims them.";
            }
        }

        return (cue, warning);
    }

    public async Task<Cue> GetAsync(string tenantId, string cueId, CancellationToken ct) =>
        await store.GetCueAsync(new GetCueParams(tenantId, cueId), ct) ?? throw Errors.CueNotFound();

    public Task<CuePage> ListAsync(ListCuesParams p, CancellationToken ct) => store.ListCuesAsync(p, ct);

    /// <summary>
    /// Writes a changed cue. Pausing clears <c>next_run</c>; resuming, or changing the schedule of an active cue,
    /// recomputes it from now (slots that passed while paused are not fired).
    /// </summary>
    public async Task<Cue> UpdateAsync(
        Cue current, string name, CueDefinition definition, string status, CancellationToken ct)
    {
        // Resuming (or reactivating a finished once cue) makes one more active cue, so it meets the limit too.
        if (status == CueStatuses.Active && current.Status != CueStatuses.Active && usage is not null)
        {
            await usage.EnsureRoomForActiveCueAsync(current.TenantId, ct);
        }

        var now = time.GetUtcNow();
        var scheduleChanged = definition.ScheduleType != current.Definition.ScheduleType ||
                              definition.Cron != current.Definition.Cron || definition.At != current.Definition.At ||
                              definition.Timezone != current.Definition.Timezone;
        DateTimeOffset? nextRun = status switch
        {
            CueStatuses.Paused => null,
            CueStatuses.Active when current.Status != CueStatuses.Active || scheduleChanged =>
                CueSchedule.NextRunFrom(definition, now),
            _ => current.NextRun,
        };
        var updated = await store.UpdateCueAsync(
            new UpdateCueParams(current.TenantId, current.Id, name, definition, status, nextRun, now), ct);
        if (updated.NextRun != current.NextRun) changes.Publish(new CommittedChanges { CueScheduleChanged = true });
        return updated;
    }

    public async Task DeleteAsync(string tenantId, string cueId, CancellationToken ct)
    {
        if (!await store.DeleteCueAsync(new DeleteCueParams(tenantId, cueId), ct)) throw Errors.CueNotFound();
    }

    /// <summary>Fires the cue now (or at <c>send_at</c>); returns the execution and whether it already existed.</summary>
    public Task<(Execution Execution, bool Existing)> FireAsync(
        string tenantId, string cueId, FireRequest request, CancellationToken ct) =>
        FireAsync(tenantId, cueId, request, TriggeredBy.ManualFire, ct);

    /// <summary>
    /// <c>on_success_fire</c>: fires <paramref name="targetCueId"/> because <paramref name="sourceExecutionId"/>
    /// succeeded, once per source execution — the idempotency key is derived from it, so firing again for the same
    /// source (the effects loop re-reading an event) returns the first chained execution.
    /// </summary>
    public Task<(Execution Execution, bool Existing)> FireChainAsync(
        string tenantId, string targetCueId, Guid sourceExecutionId, CancellationToken ct) =>
        FireAsync(tenantId, targetCueId, new FireRequest { IdempotencyKey = "chain:" + sourceExecutionId.ToString("D") },
            TriggeredBy.Chain, ct);

    private async Task<(Execution Execution, bool Existing)> FireAsync(
        string tenantId, string cueId, FireRequest request, string triggeredBy, CancellationToken ct)
    {
        var cue = await GetAsync(tenantId, cueId, ct);
        var d = cue.Definition;
        if (d.RequirePayloadOverride && request.PayloadOverrideJson is null) throw Errors.PayloadOverrideRequired();
        var payload = request.PayloadOverrideJson is null ? d.PayloadJson
            : request.Replace ? request.PayloadOverrideJson
            : Merge(d.PayloadJson, request.PayloadOverrideJson);
        var missing = MissingKeys(payload, d.RequiredPayloadKeys);
        if (missing.Count > 0) throw Errors.MissingPayloadKeys(missing);

        var now = time.GetUtcNow();
        var scheduledFor = request.SendAt is { } at && at > now ? at : now;
        var (traceParent, traceState) = TraceContext.OfCurrentWork();
        var execution = CueExecutions.ForSlot(cue, scheduledFor, triggeredBy, Ids.NewExecutionId(time), payload) with
        {
            IdempotencyKey = request.IdempotencyKey is null ? null : FireKeyPrefix + cue.Id + ":" + request.IdempotencyKey,
            RequestHash = request.IdempotencyKey is null ? null : RequestHash(request),
            TraceParent = traceParent,
            TraceState = traceState,
        };
        var result = await store.FireCueAsync(new FireCueParams(tenantId, cueId, execution, now), ct);
        if (!result.Existing[0]) changes.Publish(new CommittedChanges { Created = result.Executions });

        return (result.Executions[0], result.Existing[0]);
    }

    /// <summary>Top-level keys of the override replace the cue's; the rest of the cue's payload stays.</summary>
    private static string Merge(string payloadJson, string overrideJson)
    {
        var merged = JsonNode.Parse(payloadJson)!.AsObject();
        foreach (var (key, value) in JsonNode.Parse(overrideJson)!.AsObject())
        {
            merged[key] = value?.DeepClone();
        }

        return merged.ToJsonString();
    }

    private static List<string> MissingKeys(string payloadJson, IReadOnlyList<string> required)
    {
        if (required.Count == 0) return [];
        using var doc = JsonDocument.Parse(payloadJson);
        return [.. required.Where(k => !doc.RootElement.TryGetProperty(k, out _))];
    }

    /// <summary>Everything the fire asked for, so a reused key with a different body is caught.</summary>
    private static string RequestHash(FireRequest r)
    {
        var canonical = JsonSerializer.Serialize(
            new Dictionary<string, object?>
            {
                ["send_at"] = r.SendAt,
                ["payload_override"] = r.PayloadOverrideJson,
                ["replace"] = r.Replace,
            },
            CoreJson.Default.DictionaryStringObject);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
