using System.Globalization;
using System.Text.Json;
using Baton.Contracts.Serialization;

namespace Baton.Mcp;

/// <summary>Checks of argument values the JSON schema cannot express (formats, ranges); each failure names its argument.</summary>
internal static class ToolArguments
{
    public static Guid ExecutionId(string value, string argument = "execution_id") =>
        Guid.TryParse(value, out var id)
            ? id
            : throw new ToolArgumentException(argument, $"'{argument}' must be an execution id (a UUID such as 0193a5f2-…), not '{value}'.");

    /// <summary>The agent a messaging tool acts as: the argument, else the session's configured agent.</summary>
    public static string Agent(string? value, BatonSession session, string argument = "agent")
    {
        if (value is not null) return NotBlank(value, argument);
        return session.Agent ?? throw new ToolArgumentException(argument,
            $"Which agent are you? Pass '{argument}' (your agent's slug or agt_ id), or configure a default: `baton mcp --agent SLUG` " +
            "(env BATON_AGENT), or the X-Cueapi-From-Agent header on /mcp.");
    }

    public static string NotBlank(string value, string argument) =>
        string.IsNullOrWhiteSpace(value) ? throw new ToolArgumentException(argument, $"'{argument}' must not be empty.") : value;

    public static int? InRange(int? value, int min, int max, string argument) =>
        value is { } v && (v < min || v > max)
            ? throw new ToolArgumentException(argument, $"'{argument}' must be between {min} and {max}, not {v}.")
            : value;

    public static JsonElement? Object(JsonElement? value, string argument) =>
        value is { ValueKind: not JsonValueKind.Object and not JsonValueKind.Null and not JsonValueKind.Undefined } v
            ? throw new ToolArgumentException(argument, $"'{argument}' must be a JSON object, not {Describe(v.ValueKind)}.")
            : Present(value);

    public static JsonElement? Array(JsonElement? value, string argument) =>
        value is { ValueKind: not JsonValueKind.Array and not JsonValueKind.Null and not JsonValueKind.Undefined } v
            ? throw new ToolArgumentException(argument, $"'{argument}' must be a JSON array, not {Describe(v.ValueKind)}.")
            : Present(value);

    public static DateTimeOffset? Time(string? value, string argument)
    {
        if (value is null) return null;
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : throw new ToolArgumentException(argument, $"'{argument}' must be an ISO-8601 time such as 2030-01-01T09:00:00Z, not '{value}'.");
    }

    public static string Describe(JsonValueKind kind) => JsonKinds.WithArticle(kind);

    private static JsonElement? Present(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } ? null : value;
}
