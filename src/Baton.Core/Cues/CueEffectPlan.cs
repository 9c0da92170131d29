using Baton.Core.Alerts;

namespace Baton.Core.Cues;

/// <summary>What one event does to its cue and its tenant's alerts, as decided by <see cref="CueEffectRules"/>.</summary>
public sealed record CueEffectPlan
{
    public static readonly CueEffectPlan None = new();

    /// <summary>A <c>once</c> cue finishing, or a recurring cue paused by <c>on_failure.pause</c>.</summary>
    public CueStatusChange? CueStatus { get; init; }

    /// <summary>A final failure writes <c>cue.failed</c> (once, even when the status change itself announces it).</summary>
    public bool CueFailedEvent { get; init; }

    /// <summary>The cue to fire for <c>on_success_fire</c> (<c>triggered_by: "chain"</c>).</summary>
    public string? ChainToCueId { get; init; }

    public CueFailureNotice? FailureNotice { get; init; }

    public IReadOnlyList<NewAlert> Alerts { get; init; } = [];

    /// <summary>Whether anything needs writing in the store (the chain and the notice are sent outside it).</summary>
    public bool ChangesStore => CueStatus is not null || CueFailedEvent || Alerts.Count > 0;

    public bool IsEmpty => !ChangesStore && ChainToCueId is null && FailureNotice is null;
}
