namespace Baton.Core.Messaging;

/// <summary>
/// Where a subscription's events go. <see cref="Pull"/>: the agent reads them from its event feed.
/// <see cref="Webhook"/>: the agent also takes pushes at its webhook_url (it must have one).
/// </summary>
public static class DeliveryTargets
{
    public const string Pull = "pull";
    public const string Webhook = "webhook";

    public static readonly IReadOnlyList<string> All = [Pull, Webhook];
}
