namespace Baton.Core.Messaging;

/// <summary>
/// An inbox or sent listing's filter, with agents still named by reference. <see cref="Wait"/> (inbox only): how
/// long an empty read may park for a message to arrive.
/// </summary>
public sealed record InboxQuery
{
    public IReadOnlyList<string> States { get; init; } = [];
    public DateTimeOffset? Since { get; init; }
    public string? ThreadId { get; init; }
    public string? Counterpart { get; init; }
    public int Limit { get; init; } = 50;
    public int Offset { get; init; }
    public bool CountOnly { get; init; }
    public TimeSpan Wait { get; init; }
}
