namespace Baton.Server.Http;

/// <summary>
/// The requests a worker makes while working: claim (next or by id), execution heartbeat, outcome (one or a batch),
/// release and the worker heartbeat. They are not counted against the per-key rate limit: all of a tenant's workers
/// share one key, so a per-key budget sized for people and scripts would cap the tenant's throughput (600 requests
/// a minute is about 300 tasks a minute). Their cost is bounded by the work itself (one claim and one outcome per
/// task, heartbeats per lease), and a claim with nothing to take parks as a long-poll instead of spinning.
/// </summary>
internal static class WorkerProtocolRequests
{
    public static bool Matches(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method)) return false;
        var path = request.Path.Value;
        if (path is null) return false;
        if (path.Equals("/v1/worker/heartbeat", StringComparison.Ordinal)) return true;

        const string executions = "/v1/executions/";
        if (!path.StartsWith(executions, StringComparison.Ordinal)) return false;
        var rest = path.AsSpan(executions.Length).TrimEnd('/');
        if (rest is "claim" or "outcomes") return true;

        // {id}/claim, {id}/heartbeat, {id}/outcome, {id}/release
        var slash = rest.IndexOf('/');
        if (slash <= 0) return false;
        var action = rest[(slash + 1)..];
        return action is "claim" or "heartbeat" or "outcome" or "release";
    }
}
