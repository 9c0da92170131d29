namespace Baton.Core.Cues;

/// <summary>How a cue's executions are delivered: pulled by workers, or POSTed to its callback.</summary>
public static class CueTransports
{
    public const string Webhook = "webhook";
    public const string Worker = "worker";

    public static readonly IReadOnlyList<string> All = [Webhook, Worker];
}
