using System.Text.Json.Serialization;

namespace Baton.Core;

/// <summary>Source-generated JSON for the few values Core serialises itself.</summary>
[JsonSerializable(typeof(Dictionary<string, object?>))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(Cues.CueDefinition))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
internal sealed partial class CoreJson : JsonSerializerContext;
