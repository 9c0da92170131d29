using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Storage.Conformance.Upgrades;

/// <summary>
/// Compares what the store read with what was written, field by field, through each value's JSON form (so every
/// property counts, lists and nested records included, and a field added later is compared without a change here).
/// Collects readable differences instead of failing at the first, so one run shows everything an upgrade lost.
/// </summary>
public sealed class RowDifferences
{
    /// <summary>Quotes and '+' shown as they are, so a difference reads like the value.</summary>
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly List<string> _differences = [];

    public IReadOnlyList<string> All => _differences;

    /// <summary>Records each field where <paramref name="actual"/> differs from <paramref name="expected"/>.</summary>
    public void Compare<T>(string row, T expected, T? actual)
    {
        if (actual is null)
        {
            _differences.Add($"{row}: missing");
            return;
        }

        Walk(row, JsonSerializer.SerializeToNode(expected, Readable), JsonSerializer.SerializeToNode(actual, Readable));
    }

    /// <summary>Records a difference when two counts, or other plain values, differ.</summary>
    public void Equal<T>(string what, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual)) _differences.Add($"{what}: expected {expected}, got {actual}");
    }

    private void Walk(string path, JsonNode? expected, JsonNode? actual)
    {
        if (expected is JsonObject e && actual is JsonObject a)
        {
            foreach (var name in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
            {
                Walk(path + "." + name, e[name], a[name]);
            }
        }
        else if (expected is JsonArray ea && actual is JsonArray aa && ea.Count == aa.Count)
        {
            for (var i = 0; i < ea.Count; i++) Walk($"{path}[{i}]", ea[i], aa[i]);
        }
        else if (!JsonNode.DeepEquals(expected, actual))
        {
            _differences.Add($"{path}: expected {Show(expected)}, got {Show(actual)}");
        }
    }

    private static string Show(JsonNode? value) => value?.ToJsonString(Readable) ?? "null";
}
