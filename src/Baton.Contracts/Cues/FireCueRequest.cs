using System.Text.Json;

namespace Baton.Contracts.Cues;

/// <summary><c>POST /v1/cues/{id}/fire</c>.</summary>
public sealed record FireCueRequest
{
    /// <summary>Not claimable before this time; now when absent.</summary>
    public DateTimeOffset? SendAt { get; init; }

    /// <summary>A JSON object merged into (or replacing) the cue's payload for this execution.</summary>
    public JsonElement? PayloadOverride { get; init; }

    /// <summary><c>merge</c> (default: top-level keys of the override win) or <c>replace</c>.</summary>
    public string? MergeStrategy { get; init; }

    /// <summary>The same key within 24 h returns the same execution; with a different body, 409.</summary>
    public string? IdempotencyKey { get; init; }
}
