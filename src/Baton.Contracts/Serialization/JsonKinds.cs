using System.Text.Json;

namespace Baton.Contracts.Serialization;

/// <summary>A JSON value's kind as a phrase for error messages ("must be a JSON object, not an array").</summary>
public static class JsonKinds
{
    public static string WithArticle(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
