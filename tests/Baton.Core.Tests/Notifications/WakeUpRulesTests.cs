using Baton.Core.Cues;
using Baton.Core.Executions;
using Baton.Core.Notifications;
using Baton.Core.Storage;
using Baton.Core.Tests.Executions;

namespace Baton.Core.Tests.Notifications;

/// <summary>
/// The rules that decide whom a committed change wakes (<see cref="WakeUpRules"/>): new work wakes its claimers by
/// transport unless it was handed off, a claim wakes only event readers, a finish wakes the execution's awaiters,
/// the maintenance loop's changes wake what they used to, and nothing is woken twice.
/// </summary>
public sealed class WakeUpRulesTests
{
    private const string Tenant = "tenant-1";

    [Fact]
    public void New_worker_work_wakes_the_tenants_claimers_and_event_readers()
    {
        var topics = WakeUpRules.TopicsFor(new CommittedChanges { Created = [ExecutionExamples.Pending()] });

        Assert.Equal([Topics.Claimable(Tenant), Topics.Events(Tenant)], Sorted(topics));
    }

    [Fact]
    public void New_webhook_work_wakes_the_dispatchers_and_not_the_tenants_workers()
    {
        var webhook = ExecutionExamples.Pending() with { Transport = CueTransports.Webhook };

        var topics = WakeUpRules.TopicsFor(new CommittedChanges { Created = [webhook] });

        Assert.Equal([Topics.Events(Tenant), Topics.Webhooks], Sorted(topics));
    }

    [Fact]
    public void Work_handed_to_a_parked_claimer_in_the_enqueue_wakes_no_claimer_but_still_the_event_readers()
    {
        var handed = ExecutionExamples.Delivering();

        var topics = WakeUpRules.TopicsFor(new CommittedChanges { Created = [handed], Claimed = [handed] });

        Assert.Equal([Topics.Events(Tenant)], Sorted(topics));
    }

    [Fact]
    public void Some_work_left_unclaimed_by_the_hand_off_wakes_the_claimers()
    {
        var handed = ExecutionExamples.Delivering();
        var left = ExecutionExamples.Pending() with { Id = Guid.CreateVersion7() };

        var topics = WakeUpRules.TopicsFor(new CommittedChanges { Created = [handed, left], Claimed = [handed] });

        Assert.Contains(Topics.Claimable(Tenant), topics);
    }

    [Fact]
    public void A_claim_wakes_only_the_event_readers_since_it_never_finishes_an_execution()
    {
        var claimed = ExecutionExamples.Delivering();

        var topics = WakeUpRules.TopicsFor(new CommittedChanges { Claimed = [claimed] });

        Assert.Equal([Topics.Events(Tenant)], Sorted(topics));
    }

    [Fact]
    public void A_finish_wakes_the_executions_awaiters_and_event_readers_but_no_claimer()
    {
        var done = ExecutionExamples.Succeeded();

        var topics = WakeUpRules.TopicsFor(new CommittedChanges { Changed = [done] });

        Assert.Equal([Topics.Events(Tenant), Topics.Execution(done.Id)], Sorted(topics));
    }

    [Theory]
    [InlineData(CueTransports.Worker, "claimable:tenant-1")]
    [InlineData(CueTransports.Webhook, Topics.Webhooks)]
    public void A_retry_or_a_release_wakes_the_claimers_of_its_transport(string transport, string claimers)
    {
        var retrying = ExecutionExamples.Retrying() with { Transport = transport };
        var released = ExecutionExamples.Pending(attempts: 1) with { Id = Guid.CreateVersion7(), Transport = transport };

        Assert.Contains(claimers, WakeUpRules.TopicsFor(new CommittedChanges { Changed = [retrying] }));
        Assert.Contains(claimers, WakeUpRules.TopicsFor(new CommittedChanges { Changed = [released] }));
    }

    [Fact]
    public void Many_changes_of_one_tenant_wake_each_topic_once()
    {
        var rows = Enumerable.Range(0, 5)
            .Select(_ => ExecutionExamples.Pending() with { Id = Guid.CreateVersion7() })
            .ToList();

        var topics = WakeUpRules.TopicsFor(new CommittedChanges { Created = rows });

        Assert.Equal(2, topics.Count);
    }

    [Fact]
    public void A_requeued_rescue_wakes_the_tenants_workers_and_the_dispatchers_and_a_failed_one_only_its_awaiters()
    {
        var requeued = new ExecutionRef(Tenant, Guid.CreateVersion7(), ExecutionStatus.Pending);
        var failed = new ExecutionRef("tenant-2", Guid.CreateVersion7(), ExecutionStatus.Failed);

        var topics = WakeUpRules.TopicsFor(new CommittedChanges { Rescued = [requeued, failed] });

        Assert.Equal(
            Sorted([
                Topics.Execution(requeued.Id), Topics.Events(Tenant), Topics.Claimable(Tenant), Topics.Webhooks,
                Topics.Execution(failed.Id), Topics.Events("tenant-2"),
            ]),
            Sorted(topics));
    }

    [Fact]
    public void A_missed_execution_wakes_its_awaiters_and_event_readers()
    {
        var missed = new ExecutionRef(Tenant, Guid.CreateVersion7(), ExecutionStatus.Missed);

        var topics = WakeUpRules.TopicsFor(new CommittedChanges { Missed = [missed] });

        Assert.Equal([Topics.Events(Tenant), Topics.Execution(missed.Id)], Sorted(topics));
    }

    [Fact]
    public void Work_becoming_due_wakes_each_tenants_workers_and_the_dispatchers()
    {
        var topics = WakeUpRules.TopicsFor(new CommittedChanges { TenantsWithWorkDue = ["a", "b"] });

        Assert.Equal([Topics.Claimable("a"), Topics.Claimable("b"), Topics.Webhooks], Sorted(topics));
    }

    [Fact]
    public void A_moved_cue_schedule_wakes_the_scheduler_and_cue_effects_wake_the_event_readers()
    {
        Assert.Equal([Topics.Cues], WakeUpRules.TopicsFor(new CommittedChanges { CueScheduleChanged = true }));
        Assert.Equal(
            [Topics.Events(Tenant)], WakeUpRules.TopicsFor(new CommittedChanges { TenantsWithNewEvents = [Tenant] }));
    }

    [Fact]
    public void Nothing_committed_wakes_nobody() => Assert.Empty(WakeUpRules.TopicsFor(new CommittedChanges()));

    private static List<string> Sorted(IEnumerable<string> topics) => [.. topics.Order(StringComparer.Ordinal)];
}
