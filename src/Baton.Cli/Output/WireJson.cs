using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Baton.Cli.Output;

/// <summary>Wire objects as JSON nodes for the envelope: the same snake_case shapes the HTTP API returns.</summary>
public static class WireJson
{
    public static JsonNode Node<T>(T value, JsonTypeInfo<T> type) =>
        JsonSerializer.SerializeToNode(value, type)!;

    public static JsonArray Array<T>(IEnumerable<T> values, JsonTypeInfo<T> type) =>
        new([.. values.Select(v => Node(v, type))]);
}
