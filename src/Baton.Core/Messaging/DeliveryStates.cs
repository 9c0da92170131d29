namespace Baton.Core.Messaging;

/// <summary>
/// A message's delivery states: <c>queued → delivered → read → acked</c>, and <c>expired</c> when nobody acked it
/// within its time to live. <c>acked</c> and <c>expired</c> are terminal.
/// </summary>
public static class DeliveryStates
{
    public const string Queued = "queued";
    public const string Delivered = "delivered";
    public const string Read = "read";
    public const string Acked = "acked";
    public const string Expired = "expired";

    public static readonly IReadOnlyList<string> All = [Queued, Delivered, Read, Acked, Expired];

    /// <summary>What an inbox read returns when it names no state: what the recipient has not read yet.</summary>
    public static readonly IReadOnlyList<string> Unread = [Queued, Delivered];

    public static bool IsTerminal(string state) => state is Acked or Expired;
}
