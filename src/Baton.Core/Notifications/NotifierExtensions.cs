namespace Baton.Core.Notifications;

public static class NotifierExtensions
{
    /// <summary>An execution changed: wake its awaiters and the tenant's event readers.</summary>
    public static void ExecutionChanged(this INotifier notifier, string tenantId, Guid executionId)
    {
        notifier.Notify(Topics.Execution(executionId));
        notifier.Notify(Topics.Events(tenantId));
    }
}
