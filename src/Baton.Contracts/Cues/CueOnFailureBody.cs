namespace Baton.Contracts.Cues;

/// <summary>What happens when an execution of the cue finally fails.</summary>
public sealed record CueOnFailureBody
{
    /// <summary>Accepted for CueAPI compatibility; a self-hosted server sends no email.</summary>
    public bool? Email { get; init; }

    /// <summary>An https URL that receives a signed <c>cue.failed</c> notice.</summary>
    public string? Webhook { get; init; }

    /// <summary>Pause a recurring cue after a final failure.</summary>
    public bool? Pause { get; init; }
}
