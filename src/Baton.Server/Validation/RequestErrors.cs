using System.Text.Json;
using System.Text.RegularExpressions;
using Baton.Contracts.Errors;
using Baton.Server.Http;
using Baton.Server.Mapping;

namespace Baton.Server.Validation;

/// <summary>
/// Collects every invalid field of one request, so a caller learns all its mistakes from one 422 instead of one
/// per round trip.
/// </summary>
internal sealed partial class RequestErrors
{
    private readonly List<FieldError> _errors = [];

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message) => _errors.Add(new FieldError(field, message));

    public void Required(string field, object? value)
    {
        if (value is null) Add(field, "is required.");
    }

    /// <summary>Null passes (the field is optional); otherwise <paramref name="min"/>–<paramref name="max"/> characters.</summary>
    public void Length(string field, string? value, int max, int min = 0)
    {
        if (value is null) return;
        if (value.Length < min) Add(field, min == 1 ? "must not be empty." : $"must be at least {min} characters.");
        else if (value.Length > max) Add(field, $"must be at most {max} characters.");
    }

    public void Range(string field, long? value, long min, long max)
    {
        if (value is { } v && (v < min || v > max)) Add(field, $"must be between {min} and {max}.");
    }

    public void QueueName(string field, string? value)
    {
        if (value is not null && !QueuePattern().IsMatch(value)) Add(field, "must match [a-zA-Z0-9_-]{1,64}.");
    }

    /// <summary>At most <paramref name="maxCount"/> non-empty strings of at most <paramref name="maxLength"/> characters.</summary>
    public void StringList(string field, IReadOnlyList<string>? values, int maxCount, int maxLength)
    {
        if (values is null) return;
        if (values.Count > maxCount) Add(field, $"must have at most {maxCount} items.");
        for (var i = 0; i < values.Count && i < maxCount; i++)
        {
            if (string.IsNullOrEmpty(values[i])) Add($"{field}[{i}]", "must be a non-empty string.");
            else Length($"{field}[{i}]", values[i], maxLength);
        }
    }

    /// <summary>
    /// A JSON object of at most <paramref name="maxBytes"/> (compacted), as text; null when absent or JSON null. A
    /// non-object is a field error; one too large is 400 <c>metadata_too_large</c> at once.
    /// </summary>
    public string? SmallObject(string field, JsonElement? value, int maxBytes)
    {
        if (JsonText.Present(value) is not { } v) return null;
        if (v.ValueKind != JsonValueKind.Object)
        {
            Add(field, "must be a JSON object.");
            return null;
        }

        var text = JsonText.Compact(v);
        return JsonText.Utf8Length(text) > maxBytes ? throw ApiProblemException.MetadataTooLarge(field, maxBytes) : text;
    }

    public void ThrowIfAny()
    {
        if (Any) throw ApiProblemException.Validation(_errors);
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex QueuePattern();
}
