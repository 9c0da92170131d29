using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Contracts.Executions;

namespace Baton.Worker.Outcomes;

/// <summary>
/// Turns a finished handler (exit code + output tail) and its outcome file into the one outcome report. The rules
/// (docs/worker.md): exit 0 is success and anything else failure; a file <c>success: false</c> turns an exit 0 into
/// a failure (the file wins), but a file <c>success: true</c> never rescues a non-zero exit (the exit wins) — its
/// evidence is still reported; an unusable file leaves the exit code alone and says why in
/// <c>metadata._baton_worker.outcome_file_parse_error</c>; dropped fields are listed in
/// <c>metadata._baton_worker.outcome_file_dropped_fields</c>.
/// </summary>
public static class OutcomeComposer
{
    public const int TextLimit = 2000;
    public const int MetadataLimit = 10 * 1024;
    public const string WorkerMetadataKey = "_baton_worker";

    public static RecordOutcomeRequest Compose(HandlerRun run, OutcomeFileReading file)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(file);

        var exitSucceeded = run.ExitCode == 0 && !run.TimedOut;
        var success = exitSucceeded && file.Success != false;
        var output = Tail(run.Output.TrimEnd(), TextLimit);

        var worker = new JsonObject { ["exit_code"] = run.ExitCode, ["duration_ms"] = (long)run.Duration.TotalMilliseconds };
        if (run.TimedOut) worker["timed_out"] = true;
        if (file.ParseError is not null) worker["outcome_file_parse_error"] = file.ParseError;
        if (exitSucceeded && file.Success == false)
        {
            worker["outcome_conflict"] = "the outcome file's success: false wins over exit code 0";
        }
        else if (!exitSucceeded && file.Success == true)
        {
            worker["outcome_conflict"] = run.TimedOut
                ? "the timeout wins over the outcome file's success: true"
                : $"exit code {run.ExitCode} wins over the outcome file's success: true";
        }

        string? error = null;
        if (!success)
        {
            error = run.TimedOut ? TimedOutError(run, output)
                : file.Text("error") ?? (output.Length > 0 ? output
                    : exitSucceeded ? "the outcome file reported success: false"
                    : $"exited with code {run.ExitCode}");
        }
        else
        {
            error = file.Text("error");
        }

        var result = file.Text("result") ?? (success && output.Length > 0 ? output : null);

        var dropped = file.Dropped.Select(d => d.Field).ToList();
        var metadata = file.Fields.TryGetValue("metadata", out var fromFile) ? (JsonObject)fromFile.DeepClone() : [];
        metadata[WorkerMetadataKey] = worker;
        if (Utf8Length(metadata) > MetadataLimit)
        {
            // The file's own metadata fits its 10 KB, but not together with the worker's notes: the notes win.
            dropped.Add("metadata");
            metadata = new JsonObject { [WorkerMetadataKey] = worker.DeepClone() };
        }

        if (dropped.Count > 0)
        {
            ((JsonObject)metadata[WorkerMetadataKey]!)["outcome_file_dropped_fields"] = new JsonArray([.. dropped.Select(d => (JsonNode?)d)]);
        }

        return new RecordOutcomeRequest
        {
            Success = success,
            Result = result,
            Error = error,
            Metadata = ToElement(metadata),
            ExternalId = file.Text("external_id"),
            ResultUrl = file.Text("result_url"),
            ResultRef = file.Text("result_ref"),
            ResultType = file.Text("result_type"),
            Summary = file.Text("summary"),
            Artifacts = file.Fields.TryGetValue("artifacts", out var artifacts) ? ToElement(artifacts) : null,
            Retryable = file.Fields.TryGetValue("retryable", out var retryable) ? retryable.GetValue<bool>() : null,
        };
    }

    private static string TimedOutError(HandlerRun run, string output)
    {
        var message = "timed out after " + run.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
        if (output.Length == 0) return message;
        return message + "\n" + Tail(output, TextLimit - message.Length - 1);
    }

    /// <summary>The last <paramref name="limit"/> characters, without splitting a surrogate pair.</summary>
    internal static string Tail(string text, int limit)
    {
        if (text.Length <= limit) return text;
        var start = text.Length - limit;
        if (char.IsLowSurrogate(text[start])) start++;
        return text[start..];
    }

    private static int Utf8Length(JsonNode node) => Encoding.UTF8.GetByteCount(node.ToJsonString());

    private static JsonElement ToElement(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }
}
