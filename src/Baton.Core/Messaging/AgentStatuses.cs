namespace Baton.Core.Messaging;

/// <summary>An agent's presence as it last declared it.</summary>
public static class AgentStatuses
{
    public const string Online = "online";
    public const string Offline = "offline";
    public const string Away = "away";

    public static readonly IReadOnlyList<string> All = [Online, Offline, Away];
}
