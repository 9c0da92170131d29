namespace Baton.Core.Cues;

/// <summary>A manual fire (<c>POST /v1/cues/{id}/fire</c>), validated at the edge.</summary>
public sealed record FireRequest
{
    public DateTimeOffset? SendAt { get; init; }

    /// <summary>A JSON object as text, merged into or replacing the cue's payload.</summary>
    public string? PayloadOverrideJson { get; init; }

    /// <summary>True: the override replaces the payload; false: its top-level keys are merged over it.</summary>
    public bool Replace { get; init; }

    public string? IdempotencyKey { get; init; }
}
