using System.Text.Json;

namespace Baton.Core.Cues;

/// <summary>How drivers store a cue's definition: one JSON text column, read back whole.</summary>
public static class CueDefinitionJson
{
    public static string Serialize(CueDefinition d) => JsonSerializer.Serialize(d, CoreJson.Default.CueDefinition);

    public static CueDefinition Deserialize(string json) =>
        JsonSerializer.Deserialize(json, CoreJson.Default.CueDefinition)
        ?? throw new InvalidOperationException("A stored cue definition was empty.");
}
