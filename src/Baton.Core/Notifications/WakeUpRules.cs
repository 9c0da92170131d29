using Baton.Core.Cues;
using Baton.Core.Executions;

namespace Baton.Core.Notifications;

/// <summary>
/// Which notifier topics a committed change wakes: the one place these rules live (<see cref="ChangePublisher"/>
/// applies them). Each topic appears once however many rows point at it.
/// </summary>
public static class WakeUpRules
{
    /// <summary>The topics to notify after <paramref name="changes"/> committed, without repeats.</summary>
    public static IReadOnlyCollection<string> TopicsFor(CommittedChanges changes)
    {
        var topics = new HashSet<string>(StringComparer.Ordinal);

        // New work wakes whoever takes it — unless it was claimed in the same transaction for a parked claimer.
        var handedOff = changes.Claimed.Select(e => e.Id).ToHashSet();
        foreach (var e in changes.Created)
        {
            if (!handedOff.Contains(e.Id)) topics.Add(ClaimersOf(e.Transport, e.TenantId));
            topics.Add(Topics.Events(e.TenantId));
        }

        // A claim writes an event. It never makes a row terminal, so the execution's awaiters stay parked.
        foreach (var e in changes.Claimed) topics.Add(Topics.Events(e.TenantId));

        foreach (var e in changes.Changed)
        {
            topics.Add(Topics.Execution(e.Id));
            topics.Add(Topics.Events(e.TenantId));
            // A release, or a retry with no backoff, is claimable at once; a later retry is woken by the
            // maintenance loop when due (TenantsWithWorkDue).
            if (e.Status is ExecutionStatus.Pending or ExecutionStatus.Retrying) topics.Add(ClaimersOf(e.Transport, e.TenantId));
        }

        foreach (var r in changes.Rescued)
        {
            topics.Add(Topics.Execution(r.Id));
            topics.Add(Topics.Events(r.TenantId));
            if (r.Status != ExecutionStatus.Pending) continue;
            // A rescue does not say which transport the row has: a requeued webhook delivery (its node died
            // mid-send) is the dispatchers' to take again, so they look once too.
            topics.Add(Topics.Claimable(r.TenantId));
            topics.Add(Topics.Webhooks);
        }

        foreach (var r in changes.Missed)
        {
            topics.Add(Topics.Execution(r.Id));
            topics.Add(Topics.Events(r.TenantId));
        }

        foreach (var tenant in changes.TenantsWithWorkDue)
        {
            topics.Add(Topics.Claimable(tenant));
            // The due check does not tell transports apart either; a dispatcher's look that finds no webhook work
            // is one cheap indexed query.
            topics.Add(Topics.Webhooks);
        }

        foreach (var tenant in changes.TenantsWithNewEvents) topics.Add(Topics.Events(tenant));
        if (changes.CueScheduleChanged) topics.Add(Topics.Cues);
        return topics;
    }

    /// <summary>Who claims an execution of <paramref name="transport"/>: the tenant's workers or the webhook dispatchers.</summary>
    public static string ClaimersOf(string transport, string tenantId) =>
        transport == CueTransports.Webhook ? Topics.Webhooks : Topics.Claimable(tenantId);
}
