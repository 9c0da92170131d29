namespace Baton.Core.Cues;

/// <summary>A cue's <c>status</c> on the wire.</summary>
public static class CueStatuses
{
    public const string Active = "active";
    public const string Paused = "paused";
    public const string Completed = "completed";
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [Active, Paused, Completed, Failed];
}
