using System.Globalization;
using System.Text.Json;
using Baton.Worker.Configuration;

namespace Baton.Worker.Daemon;

/// <summary>
/// The variables a handler gets on top of the daemon's own environment: the handler's <c>env</c> (placeholders
/// filled from the payload), then the execution's <c>BATON_*</c> values, each also under its cueapi-worker
/// <c>CUEAPI_*</c> name so handlers written for cueapi-worker run unchanged. docs/worker.md has the table.
/// </summary>
public static class HandlerEnvironment
{
    /// <summary>The names that have a <c>CUEAPI_*</c> twin.</summary>
    public static readonly IReadOnlyList<string> SharedNames =
    [
        "EXECUTION_ID", "CUE_ID", "CUE_NAME", "WORKER_ID", "PAYLOAD", "API_KEY", "BASE_URL", "OUTCOME_FILE", "ATTEMPT", "RUN_ID",
    ];

    public static Dictionary<string, string> Build(
        HandlerConfig handler, ClaimedWork work, string workerId, string apiKey, Uri baseUrl, string outcomeFile,
        (string? Parent, string? State) trace = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(baseUrl);
        var execution = work.Execution;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, template) in handler.Environment) environment[name] = template.Render(execution.Payload);

        var values = new Dictionary<string, string>
        {
            ["EXECUTION_ID"] = execution.Id.ToString("D"),
            ["CUE_ID"] = execution.CueId ?? "",
            // A cue's executions carry the cue's name as their title; a direct enqueue's title stands in for it.
            ["CUE_NAME"] = execution.Title ?? "",
            ["WORKER_ID"] = workerId,
            ["PAYLOAD"] = execution.Payload.ValueKind == JsonValueKind.Undefined ? "{}" : execution.Payload.GetRawText(),
            ["API_KEY"] = apiKey,
            ["BASE_URL"] = baseUrl.AbsoluteUri.TrimEnd('/'),
            ["OUTCOME_FILE"] = outcomeFile,
            ["ATTEMPT"] = execution.Attempts.ToString(CultureInfo.InvariantCulture),
            ["RUN_ID"] = execution.RunId ?? "",
        };
        foreach (var (name, value) in values)
        {
            environment["BATON_" + name] = value;
            environment["CUEAPI_" + name] = value;
        }

        // Baton's own additions, without a CueAPI twin: the handler can heartbeat or report with its claim itself.
        environment["BATON_TASK"] = execution.Task ?? "";
        environment["BATON_TITLE"] = execution.Title ?? "";
        environment["BATON_CLAIM_TOKEN"] = work.ClaimToken;

        // The W3C environment carrier: an instrumented handler's spans join the trace that enqueued the work.
        if (trace.Parent is not null) environment["TRACEPARENT"] = trace.Parent;
        if (trace.State is { Length: > 0 }) environment["TRACESTATE"] = trace.State;
        return environment;
    }
}
