using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Contracts.Executions;
using Baton.Contracts.Runs;
using Baton.Contracts.Serialization;

namespace Baton.Mcp.Tools;

/// <summary>Wire objects as the API shows them (snake_case, same fields), so tools and API read alike.</summary>
internal static class ExecutionJson
{
    public static JsonObject Of(ExecutionResponse execution) =>
        JsonSerializer.SerializeToNode(execution, BatonJson.Default.ExecutionResponse)!.AsObject();

    public static JsonObject Of(RunResponse run) =>
        JsonSerializer.SerializeToNode(run, BatonJson.Default.RunResponse)!.AsObject();

    public static JsonObject Of(ExecutionCountsResponse counts) =>
        JsonSerializer.SerializeToNode(counts, BatonJson.Default.ExecutionCountsResponse)!.AsObject();

    public static JsonNode? Of(JsonElement? value) => value is { } v ? JsonNode.Parse(v.GetRawText()) : null;

    public static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static bool IsTerminal(string status) => status is "success" or "failed" or "missed" or "cancelled";
}
