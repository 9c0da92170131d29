using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Baton.Mcp;

/// <summary>Source-generated JSON for the few shapes the tools build themselves.</summary>
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class ToolJson : JsonSerializerContext;
