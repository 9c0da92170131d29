namespace Baton.Core.Notifications;

/// <summary>Notifier topic names, one place so senders and waiters agree.</summary>
public static class Topics
{
    /// <summary>Something may have become claimable for the tenant.</summary>
    public static string Claimable(string tenantId) => "claimable:" + tenantId;

    /// <summary>
    /// Something will need the maintenance loop sooner than it planned to wake (a short lease, a near send_at or
    /// retry, a closing window). Not per tenant: the loop works across tenants, and every node hears it.
    /// </summary>
    public const string Maintenance = "maintenance";

    /// <summary>A cue was created or changed: the scheduler recomputes when the next slot is due.</summary>
    public const string Cues = "cues";

    /// <summary>The tenant's event stream has new events.</summary>
    public static string Events(string tenantId) => EventsPrefix + tenantId;

    /// <summary>
    /// Any tenant's event stream has new events: notifying <see cref="Events"/> of any tenant also wakes watchers
    /// of this topic (the notifier fans it out), so a follower of the whole log can park instead of polling.
    /// </summary>
    public const string AllEvents = EventsPrefix + "*";

    private const string EventsPrefix = "events:";

    /// <summary>Whether a notify of <paramref name="topic"/> also wakes <see cref="AllEvents"/>.</summary>
    public static bool IsTenantEvents(string topic) =>
        topic.StartsWith(EventsPrefix, StringComparison.Ordinal) && topic != AllEvents;

    /// <summary>
    /// A webhook execution (any tenant's) may have become claimable: made by a fire, the scheduler or a replay, or
    /// due after a backoff or a rescue. The server's webhook dispatchers park on it.
    /// </summary>
    public const string Webhooks = "webhooks";

    /// <summary>The execution changed state.</summary>
    public static string Execution(Guid executionId) => "execution:" + executionId.ToString("D");

    /// <summary>A message entered the agent's inbox (sent, or its send_at came).</summary>
    public static string Inbox(string agentId) => "inbox:" + agentId;

    /// <summary>A message push (any tenant's) may be due: the server's message push dispatchers park on it.</summary>
    public const string MessagePushes = "message-pushes";
}
