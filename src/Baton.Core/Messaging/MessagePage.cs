namespace Baton.Core.Messaging;

/// <summary>
/// A page of messages. <see cref="NewlyDelivered"/> holds the ids this read moved from <c>queued</c> to
/// <c>delivered</c>: exactly one inbox read ever reports a message there.
/// </summary>
public sealed record MessagePage(IReadOnlyList<Message> Items, long Total)
{
    public IReadOnlySet<string> NewlyDelivered { get; init; } = new HashSet<string>();
}
