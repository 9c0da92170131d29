using System.Globalization;

namespace Baton.Server.Validation;

/// <summary>Reads and checks query-string parameters, collecting problems under the parameter's own name.</summary>
internal sealed class QueryParameters(IQueryCollection query, RequestErrors errors)
{
    public string? String(string name, int maxLength)
    {
        var value = Raw(name);
        errors.Length(name, value, maxLength, min: 1);
        return value;
    }

    public string? Queue(string name)
    {
        var value = Raw(name);
        errors.QueueName(name, value);
        return value;
    }

    /// <summary>A value outside [min, max] is recorded as an error (the request is refused before it is used).</summary>
    public int Int(string name, int defaultValue, int min, int max) =>
        (int)Math.Clamp(Long(name, defaultValue, min, max), min, max);

    public long Long(string name, long defaultValue, long min, long max)
    {
        var value = Raw(name);
        if (value is null) return defaultValue;
        if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            errors.Add(name, "must be an integer.");
            return defaultValue;
        }

        errors.Range(name, parsed, min, max);
        return parsed;
    }

    /// <summary>An ISO-8601 time; one without an offset is taken as UTC.</summary>
    public DateTimeOffset? Time(string name)
    {
        var value = Raw(name);
        if (value is null) return null;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return parsed;
        }

        errors.Add(name, "must be an ISO-8601 time, e.g. 2026-01-31T12:00:00Z.");
        return null;
    }

    /// <summary><c>true</c> or <c>false</c> (any case); absent is false.</summary>
    public bool Bool(string name)
    {
        var value = Raw(name);
        if (value is null) return false;
        if (bool.TryParse(value, out var parsed)) return parsed;
        errors.Add(name, "must be true or false.");
        return false;
    }

    /// <summary>A comma-separated list; empty items are dropped.</summary>
    public IReadOnlyList<string> List(string name) =>
        Raw(name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    private string? Raw(string name)
    {
        var values = query[name];
        return values.Count == 0 ? null : values[^1];
    }
}
