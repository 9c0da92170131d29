using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Baton.Worker.Configuration;

/// <summary>
/// A handler <c>env</c> value with <c>{{ payload.a.b }}</c> placeholders (nested dots walk into objects). A missing
/// field renders as the empty string, a string as itself, anything else as its compact JSON.
/// </summary>
public sealed partial class PayloadTemplate
{
    private readonly IReadOnlyList<(string Literal, string[]? Path)> _parts;

    private PayloadTemplate(string text, IReadOnlyList<(string, string[]?)> parts)
    {
        Text = text;
        _parts = parts;
    }

    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; <paramref name="error"/> names the first placeholder it cannot use.</summary>
    public static PayloadTemplate Parse(string text, out string? error)
    {
        error = null;
        var parts = new List<(string, string[]?)>();
        var position = 0;
        foreach (Match match in Placeholder().Matches(text))
        {
            if (match.Index > position) parts.Add((text[position..match.Index], null));
            position = match.Index + match.Length;
            var path = match.Groups["path"].Value.Split('.');
            if (path[0] != "payload" || path.Skip(1).Any(p => p.Length == 0))
            {
                error ??= $"'{match.Value}' is not a placeholder this worker fills: use {{{{ payload }}}} or {{{{ payload.field.nested }}}}.";
                continue;
            }

            parts.Add(("", path[1..]));
        }

        if (position < text.Length) parts.Add((text[position..], null));
        return new PayloadTemplate(text, parts);
    }

    public string Render(JsonElement payload)
    {
        var builder = new StringBuilder();
        foreach (var (literal, path) in _parts)
        {
            if (path is null)
            {
                builder.Append(literal);
                continue;
            }

            var node = payload;
            var found = true;
            foreach (var name in path)
            {
                if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(name, out node))
                {
                    found = false;
                    break;
                }
            }

            if (!found) continue;
            builder.Append(node.ValueKind switch
            {
                JsonValueKind.String => node.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => "",
                JsonValueKind.Object or JsonValueKind.Array => Compact(node),
                _ => node.GetRawText(),
            });
        }

        return builder.ToString();
    }

    public override string ToString() => Text;

    private static string Compact(JsonElement element)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) element.WriteTo(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [GeneratedRegex(@"\{\{\s*(?<path>[^{}\s]*)\s*\}\}")]
    private static partial Regex Placeholder();
}
