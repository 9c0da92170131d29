namespace Baton.Contracts.Cues;

/// <summary>A cue's <c>schedule</c>: <c>once</c> at <c>at</c>, <c>recurring</c> by <c>cron</c> in <c>timezone</c>, or <c>on_demand</c>.</summary>
public sealed record CueScheduleBody
{
    /// <summary><c>once</c>, <c>recurring</c> or (ext) <c>on_demand</c>.</summary>
    public string? Type { get; init; }

    /// <summary>Five fields (or six with seconds first), for <c>recurring</c>.</summary>
    public string? Cron { get; init; }

    /// <summary>The instant of a <c>once</c> cue; must be in the future when created.</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>An IANA time zone the cron is read in; default <c>UTC</c>.</summary>
    public string? Timezone { get; init; }
}
