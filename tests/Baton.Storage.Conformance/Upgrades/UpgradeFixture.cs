using Baton.Core.Alerts;
using Baton.Core.Cues;
using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Messaging;
using Baton.Core.Tenants;
using Baton.Core.Workers;

namespace Baton.Storage.Conformance.Upgrades;

/// <summary>
/// What a database left by an earlier version holds, as the store must read it back after the upgrade. Each driver
/// writes the same rows in its own frozen SQL, one file per schema version (<c>Upgrades/NNNN.sql</c> in its test
/// project), against that version's tables; this is the other half, in domain types. A row here without its line in
/// every fixture file (or the other way round) is a difference the upgrade tests report.
/// </summary>
public sealed class UpgradeFixture
{
    public const string TenantId = "tnt_upgrade00001";
    public const string KeyHash = "hash-upgrade";
    public const string WebhookSecret = "whsec_00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    public const string CueId = "cue_upgrade0001";
    public const string RunId = "run_upgrade";
    public const string WorkerId = "w-old";
    public const string LiveClaimToken = "tok-live-3";
    public const string IdempotencyKey = "idem-1";
    public const string RequestHash = "hash-1";
    public const string Alice = "agt_upgrade0001";
    public const string Bob = "agt_upgrade0002";
    public const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    /// <summary>The first version whose executions have <c>trace_parent</c> (0012_trace_context).</summary>
    private const long TraceContextVersion = 12;

    /// <summary>The first version with agents' subscriptions and event feeds (0013_agent_subscriptions).</summary>
    private const long AgentFeedVersion = 13;

    public static readonly Guid Pending = Id(1);
    public static readonly Guid Retrying = Id(2);
    public static readonly Guid Delivering = Id(3);
    public static readonly Guid Succeeded = Id(4);
    public static readonly Guid Failed = Id(5);
    public static readonly Guid Missed = Id(6);
    public static readonly Guid Cancelled = Id(7);
    public static readonly Guid VerificationPending = Id(8);
    public static readonly Guid VerificationFailed = Id(9);
    public static readonly Guid WebhookRetrying = Id(10);
    public static readonly Guid Replay = Id(11);

    /// <summary>The time the tests run at: after every fixture time, before the live lease ends (13:00).</summary>
    public static readonly DateTimeOffset Now = At(12, 10);

    private UpgradeFixture(long version)
    {
        var withTrace = version >= TraceContextVersion;
        if (version >= AgentFeedVersion)
        {
            // 0013 had pull subscriptions only; the fixture files from 0014 on write a webhook one, its push pending.
            Subscriptions =
            [
                new()
                {
                    Id = "sub_upgrade0001", TenantId = TenantId, AgentId = Bob, EventType = AgentEventTypes.Delivered,
                    DeliveryTarget = DeliveryTargets.Webhook, WebhookUrl = "https://example.com/hook",
                    WebhookSecret = "whsec_sub", InlineBody = true, CreatedAt = At(9, 30), UpdatedAt = At(9, 30),
                },
            ];
            BobsFeed =
            [
                new()
                {
                    Id = 1, TenantId = TenantId, AgentId = Bob, EventType = AgentEventTypes.Delivered,
                    MessageId = "msg_upgrade0001", DataJson = "{}", CreatedAt = At(11, 1), PushState = "pending",
                },
            ];
        }

        Executions =
        [
            Execution(1, Pending, ExecutionStatus.Pending) with
            {
                ExpiresAt = At(23, 0), Title = "Pending report", Priority = 5, RunId = RunId, Tags = ["a", "b"],
                PayloadJson = """{"n":1}""", IdempotencyKey = IdempotencyKey,
                TraceParent = withTrace ? TraceParent : null, TraceState = withTrace ? "vendor=1" : null,
            },
            Execution(2, Retrying, ExecutionStatus.Retrying) with
            {
                RunId = RunId, PayloadJson = """{"n":2}""", Attempts = 1, NextRetry = At(12, 5),
                AvailableAt = At(12, 5), ErrorMessage = "boom", StartedAt = At(11, 30), LastAttemptAt = At(11, 30),
                UpdatedAt = At(11, 31),
            },
            Execution(3, Delivering, ExecutionStatus.Delivering) with
            {
                RunId = RunId, PayloadJson = """{"n":3}""", Attempts = 1, ClaimedByWorker = WorkerId,
                ClaimToken = LiveClaimToken, LeaseSeconds = 3600, LeaseExpiresAt = At(13, 0),
                LastHeartbeatAt = At(12, 0), ProgressJson = """{"pct":40}""", StartedAt = At(12, 0),
                LastAttemptAt = At(12, 0), UpdatedAt = At(12, 0),
            },
            Execution(4, Succeeded, ExecutionStatus.Success) with
            {
                CueId = CueId, TriggeredBy = Core.Executions.TriggeredBy.Scheduled, PayloadJson = "{}", Attempts = 1,
                ClaimedByWorker = WorkerId, StartedAt = At(11, 0), LastAttemptAt = At(11, 0),
                Outcome = new ExecutionOutcome(true, "done", null, """{"k":"v"}""", At(11, 20)),
                OutcomeState = OutcomeStates.ReportedSuccess,
                Evidence = new Evidence("ext-4", "https://example.com/r/4", null, "report", "all good", """[{"name":"log.txt"}]"""),
                FinishedAt = At(11, 20), CreatedAt = At(10, 55), UpdatedAt = At(11, 20),
            },
            Execution(5, Failed, ExecutionStatus.Failed) with
            {
                PayloadJson = """{"n":5}""", Attempts = 3, ErrorMessage = "gave up", StartedAt = At(11, 0),
                LastAttemptAt = At(11, 39), Outcome = new ExecutionOutcome(false, null, "gave up", null, At(11, 40)),
                OutcomeState = OutcomeStates.ReportedFailure, FinishedAt = At(11, 40), UpdatedAt = At(11, 40),
            },
            Execution(6, Missed, ExecutionStatus.Missed) with
            {
                PayloadJson = """{"n":6}""", ExpiresAt = At(11, 50), FinishedAt = At(11, 50), UpdatedAt = At(11, 50),
            },
            Execution(7, Cancelled, ExecutionStatus.Cancelled) with
            {
                PayloadJson = """{"n":7}""", Agent = "alice", CancelledAt = At(11, 45), CancelReason = "not needed",
                FinishedAt = At(11, 45), UpdatedAt = At(11, 45),
            },
            Execution(8, VerificationPending, ExecutionStatus.Success) with
            {
                CueId = CueId, TriggeredBy = Core.Executions.TriggeredBy.ManualFire, PayloadJson = "{}",
                ScheduledFor = At(11, 10), AvailableAt = At(11, 10), Attempts = 1, ClaimedByWorker = WorkerId,
                StartedAt = At(11, 10), LastAttemptAt = At(11, 10),
                Outcome = new ExecutionOutcome(true, "draft", null, null, At(11, 30)),
                OutcomeState = OutcomeStates.VerificationPending, VerificationMode = VerificationModes.Manual,
                FinishedAt = At(11, 30), CreatedAt = At(11, 10), UpdatedAt = At(11, 30),
            },
            Execution(9, VerificationFailed, ExecutionStatus.Success) with
            {
                CueId = CueId, TriggeredBy = Core.Executions.TriggeredBy.Scheduled, PayloadJson = "{}",
                ScheduledFor = At(10, 0), AvailableAt = At(10, 0), Attempts = 1, ClaimedByWorker = WorkerId,
                StartedAt = At(10, 0), LastAttemptAt = At(10, 0),
                Outcome = new ExecutionOutcome(true, "no id", null, null, At(11, 35)),
                OutcomeState = OutcomeStates.VerificationFailed,
                VerificationMode = VerificationModes.RequireExternalId, FinishedAt = At(11, 35),
                CreatedAt = At(9, 55), UpdatedAt = At(11, 46),
            },
            Execution(10, WebhookRetrying, ExecutionStatus.Retrying) with
            {
                CueId = CueId, TriggeredBy = Core.Executions.TriggeredBy.ManualFire, Task = null, PayloadJson = "{}",
                Transport = CueTransports.Webhook, ScheduledFor = At(11, 50), AvailableAt = At(12, 30),
                NextRetry = At(12, 30), Attempts = 1, HttpStatus = 503, ErrorMessage = "HTTP 503",
                StartedAt = At(11, 50), LastAttemptAt = At(11, 50), CreatedAt = At(11, 50), UpdatedAt = At(11, 50),
            },
            Execution(11, Replay, ExecutionStatus.Pending) with
            {
                TriggeredBy = Core.Executions.TriggeredBy.Replay, ReplayedFrom = Failed, PayloadJson = """{"n":5}""",
                ScheduledFor = At(12, 0), AvailableAt = At(12, 0), CreatedAt = At(11, 55), UpdatedAt = At(11, 55),
            },
        ];
    }

    /// <summary>The rows of the fixture file written against schema <paramref name="version"/>.</summary>
    public static UpgradeFixture ForVersion(long version) => new(version);

    public Tenant Tenant { get; } = new(TenantId, "upgrade@example.com", "self_hosted", "bt_upgr", At(9, 0));

    /// <summary>In creation order: <see cref="Execution.Sequence"/> is the position, from 1.</summary>
    public IReadOnlyList<Execution> Executions { get; }

    public Cue Cue { get; } = new()
    {
        Id = CueId,
        TenantId = TenantId,
        Name = "hourly-report",
        Status = CueStatuses.Active,
        Definition = new CueDefinition
        {
            Description = "Hourly report",
            ScheduleType = ScheduleTypes.Recurring,
            Cron = "0 * * * *",
            Transport = CueTransports.Worker,
            Task = "report",
        },
        NextRun = At(13, 0),
        LastRun = At(12, 0),
        RunCount = 4,
        FiredCount = 5,
        CreatedAt = At(9, 0),
        UpdatedAt = At(12, 0),
    };

    /// <summary>
    /// In stream order. Ids are left out (0): a driver may number its log differently from the order it is read in;
    /// the cursors are the stream positions, "1" to "8".
    /// </summary>
    public IReadOnlyList<BatonEvent> Events { get; } =
    [
        Event(1, EventTypes.ExecutionCreated, Pending, RunId, null, "pending", At(10, 0), null),
        Event(2, EventTypes.ExecutionCreated, Delivering, RunId, null, "pending", At(10, 0), null),
        Event(3, EventTypes.CueFired, Succeeded, null, CueId, "pending", At(10, 55), """{"slot":"2026-01-01T11:00:00Z"}"""),
        Event(4, EventTypes.ExecutionSucceeded, Succeeded, null, CueId, "success", At(11, 20), null),
        Event(5, EventTypes.ExecutionFailed, Failed, null, null, "failed", At(11, 40), """{"error":"gave up"}"""),
        Event(6, EventTypes.ExecutionCancelled, Cancelled, null, null, "cancelled", At(11, 45), null),
        Event(7, EventTypes.ExecutionVerified, VerificationFailed, null, CueId, "success", At(11, 46), """{"outcome_state":"verification_failed"}"""),
        Event(8, EventTypes.ExecutionClaimed, Delivering, RunId, null, "delivering", At(12, 0), """{"worker_id":"w-old"}"""),
    ];

    /// <summary>Where the cue effects had got to: after the fifth event of the stream.</summary>
    public string CueEffectsCursor => "5";

    /// <summary>Oldest first.</summary>
    public IReadOnlyList<Alert> Alerts { get; } =
    [
        new("alr_upgrade0001", TenantId, CueId, VerificationFailed, AlertTypes.VerificationFailed, AlertTypes.Warning,
            "Execution failed verification: no external_id", At(11, 35)),
        new("alr_upgrade0002", TenantId, CueId, null, AlertTypes.ConsecutiveFailures, AlertTypes.Critical,
            "hourly-report failed 3 times in a row", At(11, 41)),
    ];

    /// <summary>The one worker; it holds <see cref="Delivering"/>.</summary>
    public Worker Worker { get; } = new(WorkerId, ["report"], "1.2.3", "box-1", At(12, 0), At(9, 0), ClaimedCount: 1);

    public IReadOnlyList<Agent> Agents { get; } =
    [
        new(Alice, TenantId, "alice", "Alice", null, null, "{}", AgentStatuses.Online, At(9, 0), At(9, 0), null),
        new(Bob, TenantId, "bob", "Bob", null, null, "{}", AgentStatuses.Online, At(9, 0), At(9, 0), null),
    ];

    /// <summary>Bob's subscriptions (none before 0013).</summary>
    public IReadOnlyList<Subscription> Subscriptions { get; } = [];

    /// <summary>Bob's event feed, oldest first (none before 0013); Alice's is empty.</summary>
    public IReadOnlyList<AgentEvent> BobsFeed { get; } = [];

    public Message Message { get; } = new()
    {
        Id = "msg_upgrade0001",
        TenantId = TenantId,
        FromAgentId = Alice,
        ToAgentId = Bob,
        ThreadId = "thr_upgrade0001",
        Subject = "Hello",
        Body = "The report is late",
        Priority = 1,
        ExpectsReply = true,
        DeliveryState = DeliveryStates.Delivered,
        ExecutionId = Delivering,
        CorrelationId = "corr-1",
        CreatedAt = At(11, 0),
        DueAt = At(11, 0),
        ExpiresAt = At(11, 0).AddDays(7),
        DeliveredAt = At(11, 1),
    };

    /// <summary>A time on the fixture's day, 2026-01-01, UTC.</summary>
    public static DateTimeOffset At(int hour, int minute) => new(2026, 1, 1, hour, minute, 0, TimeSpan.Zero);

    private static Guid Id(int n) => Guid.Parse($"01900000-0000-7000-8000-{n:D12}");

    /// <summary>A worker execution of task <c>report</c> on the default queue, made by the API at 10:00 for 11:00.</summary>
    private static Execution Execution(long sequence, Guid id, ExecutionStatus status) => new()
    {
        Id = id,
        Sequence = sequence,
        TenantId = TenantId,
        Status = status,
        ScheduledFor = At(11, 0),
        AvailableAt = At(11, 0),
        Queue = "default",
        Task = "report",
        PayloadJson = "{}",
        MaxAttempts = 3,
        BackoffSeconds = [60, 300],
        TriggeredBy = Core.Executions.TriggeredBy.Api,
        CreatedAt = At(10, 0),
        UpdatedAt = At(10, 0),
    };

    private static BatonEvent Event(
        int position, string type, Guid executionId, string? runId, string? cueId, string status, DateTimeOffset at,
        string? data) =>
        new(0, position.ToString(System.Globalization.CultureInfo.InvariantCulture), TenantId, type, executionId, runId,
            cueId, "default", status, at, data);
}
