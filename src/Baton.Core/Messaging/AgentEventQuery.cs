namespace Baton.Core.Messaging;

/// <summary>An event feed read: after <see cref="Since"/>; <see cref="Wait"/>: how long an empty read may park.</summary>
public sealed record AgentEventQuery
{
    public long Since { get; init; }
    public int Limit { get; init; } = 50;
    public string? EventType { get; init; }
    public TimeSpan Wait { get; init; }
}
