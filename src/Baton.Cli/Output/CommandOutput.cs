using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Spectre.Console;

namespace Baton.Cli.Output;

/// <summary>
/// The one place output is written. JSON mode: exactly one envelope on standard output,
/// <c>{schema_version, exit_code, duration_ms, timestamp, warnings, …result | error}</c>. Text mode: the result drawn
/// with Spectre.Console on standard output, errors as one line on standard error.
/// </summary>
public sealed class CommandOutput
{
    /// <summary>Bumped only when a field changes meaning or disappears; new fields are added freely.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Readable text (the JSON is not embedded in HTML), so messages keep their quotes as written.</summary>
    private static readonly JsonSerializerOptions LineOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly TextWriter _out;
    private readonly TextWriter _error;

    public CommandOutput(bool json, bool quiet, TextWriter output, TextWriter error)
    {
        IsJson = json;
        IsQuiet = quiet;
        _out = output;
        _error = error;
        Console = CreateConsole(output);
    }

    public bool IsJson { get; }

    public bool IsQuiet { get; }

    /// <summary>True when people are watching a terminal: progress bars and live output make sense.</summary>
    public bool IsInteractive => !IsJson && !IsQuiet && Console.Profile.Capabilities.Interactive;

    public IAnsiConsole Console { get; }

    public void WriteResult(CommandResult result, TimeSpan duration)
    {
        if (IsJson)
        {
            var envelope = Envelope(result.ExitCode, duration, result.Warnings);
            foreach (var (name, value) in result.Fields) envelope[name] = value?.DeepClone();
            WriteJsonLine(envelope);
            return;
        }

        foreach (var warning in result.Warnings) _error.WriteLine($"warning: {warning}");
        if (IsQuiet)
        {
            foreach (var line in result.QuietLines) _out.WriteLine(line);
            return;
        }

        result.Text(Console);
    }

    public void WriteError(int exitCode, string code, string message, TimeSpan duration)
    {
        if (IsJson)
        {
            var envelope = Envelope(exitCode, duration, []);
            envelope["error"] = new JsonObject { ["code"] = code, ["message"] = message };
            WriteJsonLine(envelope);
            return;
        }

        _error.WriteLine($"error: {message} ({code})");
    }

    /// <summary>One compact JSON object per line, so a stream (events tail) is JSON Lines.</summary>
    public void WriteJsonLine(JsonNode node)
    {
        _out.WriteLine(node.ToJsonString(LineOptions));
        _out.Flush();
    }

    public static JsonObject Envelope(int exitCode, TimeSpan duration, IReadOnlyList<string> warnings) => new()
    {
        ["schema_version"] = SchemaVersion,
        ["exit_code"] = exitCode,
        ["duration_ms"] = (long)duration.TotalMilliseconds,
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["warnings"] = new JsonArray([.. warnings.Select(w => (JsonNode)JsonValue.Create(w))]),
    };

    private static IAnsiConsole CreateConsole(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
        });
        // Piped text output is still read by people (less, logs): tables get room instead of 80 columns.
        if (System.Console.IsOutputRedirected) console.Profile.Width = 200;
        return console;
    }
}
