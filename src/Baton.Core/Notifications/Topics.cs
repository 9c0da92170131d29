namespace Baton.Core.Notifications;

/// <summary>Notifier topic names, one place so senders and waiters agree.</summary>
public static class Topics
{
    /// <summary>Something may have become claimable for the tenant.</summary>
    public static string Claimable(string tenantId) => "claimable:" + tenantId;

    /// <summary>The tenant's event stream has new events.</summary>
    public static string Events(string tenantId) => "events:" + tenantId;

    /// <summary>The execution changed state.</summary>
    public static string Execution(Guid executionId) => "execution:" + executionId.ToString("D");
}
