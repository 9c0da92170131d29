using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Baton.Contracts.Serialization;

namespace Baton.Cli.Parsing;

/// <summary>
/// Options whose values are checked while parsing, so a bad value fails with exit 1 and a message naming the flag
/// before any request is sent. The limits mirror the server's (src/Baton.Server/Validation/Limits.cs) so nothing obviously invalid leaves the CLI.
/// </summary>
public static class ValidatedOptions
{
    public const int RunIdMaxLength = 256;

    public static readonly IReadOnlyList<string> Statuses =
        ["pending", "delivering", "retrying", "success", "failed", "missed", "cancelled"];

    public static Option<int?> Int(string name, string description, int min, int max, string helpName = "n")
    {
        var option = new Option<int?>(name) { Description = description, HelpName = helpName };
        option.Validators.Add(result =>
        {
            // Read the token, not the value: when it is not a number at all, the conversion error is already reported.
            if (result.Tokens.Count > 0 &&
                int.TryParse(result.Tokens[^1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) &&
                (value < min || value > max))
            {
                result.AddError($"{name} must be between {min} and {max}, not {value}.");
            }
        });
        return option;
    }

    public static Option<string?> Text(string name, string description, int maxLength, string helpName = "text")
    {
        var option = new Option<string?>(name) { Description = description, HelpName = helpName };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && (value.Length == 0 || value.Length > maxLength))
            {
                result.AddError($"{name} must be 1 to {maxLength} characters long, not {value.Length}.");
            }
        });
        return option;
    }

    public static Option<string?> RunId(string description) => Text("--run-id", description, RunIdMaxLength, "run");

    public static Option<string?> Queue(string description)
    {
        var option = new Option<string?>("--queue") { Description = description, HelpName = "queue" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !IsQueueName(value))
            {
                result.AddError($"--queue must be 1 to 64 letters, digits, '_' or '-', not '{value}'.");
            }
        });
        return option;
    }

    /// <summary>One of a fixed set of words; the error names the flag and lists the choices.</summary>
    public static Option<string?> OneOf(string name, string description, params string[] choices)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = string.Join('|', choices) };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !choices.Contains(value))
            {
                result.AddError($"{name} must be one of {string.Join(", ", choices)}, not '{value}'.");
            }
        });
        option.CompletionSources.Add(choices);
        return option;
    }

    /// <summary>A JSON object given inline or as <c>@path</c> to a file holding it.</summary>
    public static Option<JsonElement?> JsonObject(string name, string description)
    {
        return new Option<JsonElement?>(name)
        {
            Description = description,
            HelpName = "json|@file",
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                if (text.StartsWith('@'))
                {
                    try
                    {
                        text = File.ReadAllText(text[1..]);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        result.AddError($"{name}: cannot read {text[1..]}: {e.Message}");
                        return null;
                    }
                }

                try
                {
                    using var document = JsonDocument.Parse(text);
                    if (document.RootElement.ValueKind == JsonValueKind.Object) return document.RootElement.Clone();
                    result.AddError($"{name} must be a JSON object ({{…}}), not {JsonKinds.WithArticle(document.RootElement.ValueKind)}.");
                }
                catch (JsonException e)
                {
                    result.AddError($"{name} is not valid JSON: {e.Message}");
                }

                return null;
            },
        };
    }

    /// <summary>A time as ISO-8601 (<c>2026-11-23T09:00:00Z</c>) or relative to now (<c>+30s</c>, <c>+5m</c>, <c>+2h</c>, <c>+1d</c>).</summary>
    public static Option<DateTimeOffset?> SendAt(string description)
    {
        return new Option<DateTimeOffset?>("--send-at")
        {
            Description = description,
            HelpName = "time|+5m",
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                if (TryParseTime(text, DateTimeOffset.UtcNow, out var at)) return at;
                result.AddError($"--send-at must be an ISO-8601 time (2026-11-23T09:00:00Z) or +N followed by s, m, h or d (+5m), not '{text}'.");
                return null;
            },
        };
    }

    /// <summary>Comma-separated tags (<c>a,b</c>), at most 20 of at most 64 characters each.</summary>
    public static Option<string[]> Tags(string description)
    {
        var option = new Option<string[]>("--tags", "--tag")
        {
            Description = description,
            HelpName = "a,b",
            AllowMultipleArgumentsPerToken = false,
            CustomParser = result => [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
        };
        option.Validators.Add(result =>
        {
            var tags = result.GetValueOrDefault<string[]>() ?? [];
            if (tags.Length > 20) result.AddError($"--tags takes at most 20 tags, not {tags.Length}.");
            foreach (var tag in tags.Where(t => t.Length > 64)) result.AddError($"--tags: '{tag}' is longer than 64 characters.");
        });
        return option;
    }

    /// <summary>One or more statuses, comma-separated or repeated.</summary>
    public static Option<string[]> Status(string description) => Words("--status", description, "status", "a status", Statuses);

    /// <summary>One or more of a fixed set of words, comma-separated or repeated; the error names each stranger.</summary>
    public static Option<string[]> Words(string name, string description, string helpName, string what, IReadOnlyList<string> choices)
    {
        var option = new Option<string[]>(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = result => [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
        };
        option.Validators.Add(result =>
        {
            foreach (var word in (result.GetValueOrDefault<string[]>() ?? []).Where(w => !choices.Contains(w)))
            {
                result.AddError($"{name} '{word}' is not {what}; use one of {string.Join(", ", choices)}.");
            }
        });
        return option;
    }

    public static Argument<Guid> ExecutionId()
    {
        return new Argument<Guid>("id")
        {
            Description = "The execution's id (a UUID, as enqueue and ls print it).",
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                if (Guid.TryParse(text, out var id)) return id;
                result.AddError($"The execution id must be a UUID, not '{text}'.");
                return Guid.Empty;
            },
        };
    }

    public static Option<string> WorkerId(bool required)
    {
        var option = new Option<string>("--worker-id")
        {
            Description = "The worker's name (1–255 characters); it must match the worker that claimed the execution.",
            HelpName = "worker",
            Required = required,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && (value.Length == 0 || value.Length > 255))
            {
                result.AddError($"--worker-id must be 1 to 255 characters long, not {value.Length}.");
            }
        });
        return option;
    }

    public static bool TryParseTime(string text, DateTimeOffset now, out DateTimeOffset at)
    {
        if (text.Length >= 3 && text[0] == '+' &&
            double.TryParse(text[1..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            TimeSpan? offset = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (offset is { } o)
            {
                at = now + o;
                return true;
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at);
    }

    private static bool IsQueueName(string value) =>
        value.Length is >= 1 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
