using Baton.Core.Alerts;
using Baton.Core.Cues;
using Baton.Core.Events;
using Baton.Core.Executions;
using static Baton.Core.Tests.Executions.ExecutionExamples;

namespace Baton.Core.Tests.Cues;

/// <summary><see cref="CueEffectRules"/>: what the end of an execution does to its cue, decided from one event.</summary>
public sealed class CueEffectRulesTests
{
    private const string CueId = "cue_aaaaaaaaaaaa";

    private static Cue MakeCue(string scheduleType = ScheduleTypes.Recurring, CueOnFailure? onFailure = null,
        string? onSuccessFire = null, string status = CueStatuses.Active) => new()
        {
            Id = CueId,
            TenantId = "tenant-1",
            Name = "nightly",
            Status = status,
            Definition = new CueDefinition
            {
                ScheduleType = scheduleType,
                Cron = scheduleType == ScheduleTypes.Recurring ? "0 3 * * *" : null,
                At = scheduleType == ScheduleTypes.Once ? Now : null,
                Transport = CueTransports.Worker,
                OnFailure = onFailure ?? new CueOnFailure(),
                OnSuccessFire = onSuccessFire,
            },
            CreatedAt = Now.AddDays(-1),
            UpdatedAt = Now.AddDays(-1),
        };

    private static BatonEvent Event(string type, string data = """{"attempt":3,"task":"build","error":"boom"}""",
        string? cueId = CueId) =>
        new(7, "7", "tenant-1", type, Pending().Id, null, cueId, "default", null, Now, data);

    private static Execution Scheduled(ExecutionStatus status, long sequence = 10) => Pending() with
    {
        CueId = CueId,
        Status = status,
        Sequence = sequence,
        TriggeredBy = TriggeredBy.Scheduled,
    };

    [Fact]
    public void A_once_cue_completes_when_its_scheduled_execution_succeeds()
    {
        var plan = CueEffectRules.Decide(Event(EventTypes.ExecutionSucceeded, "{}"), MakeCue(ScheduleTypes.Once),
            Scheduled(ExecutionStatus.Success), []);

        Assert.Equal(CueStatuses.Completed, plan.CueStatus!.To);
        Assert.Equal([CueStatuses.Active, CueStatuses.Paused], plan.CueStatus.From);
        Assert.False(plan.CueFailedEvent);
    }

    [Theory]
    [InlineData(EventTypes.ExecutionFailed)]
    [InlineData(EventTypes.ExecutionMissed)]
    public void A_once_cue_fails_when_its_scheduled_execution_finally_fails_or_is_missed(string type)
    {
        var plan = CueEffectRules.Decide(Event(type), MakeCue(ScheduleTypes.Once), Scheduled(ExecutionStatus.Failed), []);

        Assert.Equal(CueStatuses.Failed, plan.CueStatus!.To);
        Assert.True(plan.CueFailedEvent);
    }

    [Fact]
    public void A_manual_fire_of_a_once_cue_does_not_decide_the_cue()
    {
        var plan = CueEffectRules.Decide(Event(EventTypes.ExecutionSucceeded, "{}"), MakeCue(ScheduleTypes.Once),
            Scheduled(ExecutionStatus.Success) with { TriggeredBy = TriggeredBy.ManualFire }, []);

        Assert.Null(plan.CueStatus);
    }

    [Fact]
    public void A_final_failure_pauses_a_recurring_cue_with_on_failure_pause_and_says_cue_failed()
    {
        var plan = CueEffectRules.Decide(Event(EventTypes.ExecutionFailed),
            MakeCue(onFailure: new CueOnFailure(Pause: true)), Scheduled(ExecutionStatus.Failed), []);

        Assert.Equal(new[] { CueStatuses.Active }, plan.CueStatus!.From);
        Assert.Equal(CueStatuses.Paused, plan.CueStatus.To);
        Assert.True(plan.CueFailedEvent);
    }

    [Fact]
    public void A_final_failure_leaves_a_recurring_cue_without_on_failure_pause_running()
    {
        var plan = CueEffectRules.Decide(Event(EventTypes.ExecutionFailed), MakeCue(), Scheduled(ExecutionStatus.Failed), []);

        Assert.Null(plan.CueStatus);
        Assert.True(plan.CueFailedEvent);
        Assert.Null(plan.FailureNotice);
    }

    [Fact]
    public void A_final_failure_sends_the_on_failure_webhook_its_cue_failed_notice()
    {
        var plan = CueEffectRules.Decide(Event(EventTypes.ExecutionFailed),
            MakeCue(onFailure: new CueOnFailure(Webhook: "https://hooks.example.com/baton")),
            Scheduled(ExecutionStatus.Failed), []);

        var notice = plan.FailureNotice!;
        Assert.Equal("https://hooks.example.com/baton", notice.Url);
        Assert.Equal(
            """{"event":"cue.failed","cue_id":"cue_aaaaaaaaaaaa","cue_name":"nightly","attempts":3,"last_error":"boom","failed_at":"2026-11-23T12:00:00.000000Z"}""",
            notice.Body.ToJsonString());
    }

    [Fact]
    public void A_success_chains_to_the_on_success_fire_cue()
    {
        var plan = CueEffectRules.Decide(Event(EventTypes.ExecutionSucceeded, "{}"),
            MakeCue(onSuccessFire: "cue_bbbbbbbbbbbb"), Scheduled(ExecutionStatus.Success), []);

        Assert.Equal("cue_bbbbbbbbbbbb", plan.ChainToCueId);
        Assert.Null(plan.CueStatus);
    }

    [Fact]
    public void A_failure_does_not_chain()
    {
        var plan = CueEffectRules.Decide(Event(EventTypes.ExecutionFailed),
            MakeCue(onSuccessFire: "cue_bbbbbbbbbbbb"), Scheduled(ExecutionStatus.Failed), []);

        Assert.Null(plan.ChainToCueId);
    }

    [Theory]
    [InlineData(EventTypes.ExecutionSucceeded)]
    [InlineData(EventTypes.ExecutionVerified)]
    public void An_outcome_that_failed_verification_raises_a_verification_failed_alert(string type)
    {
        var plan = CueEffectRules.Decide(Event(type, """{"outcome_state":"verification_failed"}"""), MakeCue(),
            Scheduled(ExecutionStatus.Success), []);

        var alert = Assert.Single(plan.Alerts);
        Assert.Equal((AlertTypes.VerificationFailed, AlertTypes.Warning, CueId), (alert.AlertType, alert.Severity, alert.CueId));
        Assert.Equal(Pending().Id, alert.ExecutionId);
    }

    [Fact]
    public void A_verification_of_an_execution_without_a_cue_can_still_raise_an_alert()
    {
        var e = Event(EventTypes.ExecutionVerified, """{"outcome_state":"verification_failed"}""", cueId: null);
        Assert.True(CueEffectRules.MayAct(e));

        var alert = Assert.Single(CueEffectRules.Decide(e, null, null, []).Alerts);
        Assert.Null(alert.CueId);
    }

    [Theory]
    [InlineData(EventTypes.ExecutionCreated, CueId, false)]
    [InlineData(EventTypes.ExecutionRetrying, CueId, false)]
    [InlineData(EventTypes.ExecutionCancelled, CueId, false)]
    [InlineData(EventTypes.CueFailed, CueId, false)]
    [InlineData(EventTypes.ExecutionSucceeded, null, false)]
    [InlineData(EventTypes.ExecutionFailed, null, false)]
    [InlineData(EventTypes.ExecutionSucceeded, CueId, true)]
    [InlineData(EventTypes.ExecutionMissed, CueId, true)]
    public void Only_the_end_of_a_cue_execution_or_a_verification_can_act(string type, string? cueId, bool acts) =>
        Assert.Equal(acts, CueEffectRules.MayAct(Event(type, cueId: cueId)));

    [Fact]
    public void The_third_consecutive_final_failure_raises_consecutive_failures()
    {
        var third = Scheduled(ExecutionStatus.Failed, 30);
        List<Execution> recent =
        [
            third, Scheduled(ExecutionStatus.Missed, 20), Scheduled(ExecutionStatus.Failed, 10),
            Scheduled(ExecutionStatus.Success, 5),
        ];

        var plan = CueEffectRules.Decide(Event(EventTypes.ExecutionFailed), MakeCue(), third, recent);

        var alert = Assert.Single(plan.Alerts);
        Assert.Equal((AlertTypes.ConsecutiveFailures, AlertTypes.Critical), (alert.AlertType, alert.Severity));
        Assert.Contains("boom", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_failures_after_a_success_raise_nothing()
    {
        var second = Scheduled(ExecutionStatus.Failed, 30);
        List<Execution> recent = [second, Scheduled(ExecutionStatus.Failed, 20), Scheduled(ExecutionStatus.Success, 10)];

        Assert.Empty(CueEffectRules.Decide(Event(EventTypes.ExecutionFailed), MakeCue(), second, recent).Alerts);
    }

    [Fact]
    public void An_event_read_late_is_judged_by_the_executions_up_to_its_own()
    {
        // Three failures happened, but this event is the first of them: it ended no run of three.
        var first = Scheduled(ExecutionStatus.Failed, 10);
        List<Execution> recent =
        [
            Scheduled(ExecutionStatus.Failed, 30), Scheduled(ExecutionStatus.Failed, 20), first,
            Scheduled(ExecutionStatus.Success, 5),
        ];

        Assert.False(CueEffectRules.IsConsecutiveFailure(first, recent));
        Assert.True(CueEffectRules.IsConsecutiveFailure(recent[0], recent));
    }
}
