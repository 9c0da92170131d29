using System.Text.Json;

namespace Baton.Mcp;

/// <summary>
/// Checks tool arguments against the tool's JSON schema at the level the schema states: known names, required
/// ones present, and each value's JSON type (array items too). Ranges and formats are checked by the tools.
/// </summary>
internal static class ArgumentSchema
{
    public sealed record Problem(string Argument, string Message);

    public static Problem? FindError(JsonElement schema, IDictionary<string, JsonElement>? arguments)
    {
        arguments ??= new Dictionary<string, JsonElement>();
        if (!schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var known = properties.EnumerateObject().Select(p => p.Name).ToList();
        foreach (var name in arguments.Keys)
        {
            if (!properties.TryGetProperty(name, out _))
            {
                var takes = known.Count == 0 ? "no arguments" : string.Join(", ", known);
                return new Problem(name, $"Unknown argument '{name}'; this tool takes: {takes}.");
            }
        }

        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!arguments.TryGetValue(name, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
                {
                    return new Problem(name, $"Missing required argument '{name}'.");
                }
            }
        }

        foreach (var (name, value) in arguments)
        {
            var property = properties.GetProperty(name);
            if (TypeError(property, value) is { } expected)
            {
                return new Problem(name, $"Argument '{name}' must be {expected}, not {ToolArguments.Describe(value.ValueKind)}.");
            }

            if (value.ValueKind == JsonValueKind.Array && property.TryGetProperty("items", out var items))
            {
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (TypeError(items, item) is { } itemExpected)
                    {
                        return new Problem(name, $"Argument '{name}[{index}]' must be {itemExpected}, not {ToolArguments.Describe(item.ValueKind)}.");
                    }

                    index++;
                }
            }
        }

        return null;
    }

    /// <summary>What the schema expected, when <paramref name="value"/> is none of its types; null when it fits.</summary>
    private static string? TypeError(JsonElement propertySchema, JsonElement value)
    {
        if (!propertySchema.TryGetProperty("type", out var type)) return null;
        var types = type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()!).ToList()
            : [type.GetString()!];
        if (types.Any(t => Fits(t, value))) return null;
        var named = types.Where(t => t != "null").Select(t => t switch
        {
            "integer" => "an integer",
            "number" => "a number",
            "boolean" => "a boolean (true or false)",
            "array" => "an array",
            "object" => "an object",
            _ => "a " + t,
        });
        return string.Join(" or ", named);
    }

    private static bool Fits(string type, JsonElement value) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "array" => value.ValueKind == JsonValueKind.Array,
        "object" => value.ValueKind == JsonValueKind.Object,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };
}
