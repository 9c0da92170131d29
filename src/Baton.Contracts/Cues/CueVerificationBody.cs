namespace Baton.Contracts.Cues;

/// <summary>Which evidence a successful outcome must carry.</summary>
public sealed record CueVerificationBody
{
    /// <summary><c>none</c>, <c>require_external_id</c>, <c>require_result_url</c>, <c>require_artifacts</c> or <c>manual</c>.</summary>
    public string? Mode { get; init; }
}
