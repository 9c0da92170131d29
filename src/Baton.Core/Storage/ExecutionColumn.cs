namespace Baton.Core.Storage;

/// <summary>
/// The columns of the executions table that every read of an execution returns, in the order both drivers' readers
/// read them: one list, so the drivers cannot drift apart and a reader never counts positions by hand. Each driver
/// has a test that checks the list against its migrated table.
/// </summary>
public enum ExecutionColumn
{
    Seq,
    Id,
    TenantId,
    CueId,
    Status,
    ScheduledFor,
    AvailableAt,
    ExpiresAt,
    Title,
    Queue,
    Task,
    Agent,
    Priority,
    RunId,
    Tags,
    Payload,
    Attempts,
    MaxAttempts,
    BackoffSeconds,
    NextRetry,
    ClaimedByWorker,
    ClaimToken,
    LeaseSeconds,
    LeaseExpiresAt,
    LastHeartbeatAt,
    Progress,
    HttpStatus,
    ErrorMessage,
    StartedAt,
    DeliveredAt,
    LastAttemptAt,
    OutcomeSuccess,
    OutcomeResult,
    OutcomeError,
    OutcomeMetadata,
    OutcomeRecordedAt,
    OutcomeState,
    EvidenceExternalId,
    EvidenceResultUrl,
    EvidenceResultRef,
    EvidenceResultType,
    EvidenceSummary,
    EvidenceArtifacts,
    TriggeredBy,
    ReplayedFrom,
    CancelledAt,
    CancelReason,
    IdempotencyKey,
    FinishedAt,
    CreatedAt,
    UpdatedAt,
    Transport,
    VerificationMode,
    TraceParent,
    TraceState,
}

/// <summary>The <see cref="ExecutionColumn"/> list as SQL.</summary>
public static class ExecutionColumns
{
    /// <summary>The columns' names (<c>tenant_id</c> for <see cref="ExecutionColumn.TenantId"/>), in order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [.. Enum.GetNames<ExecutionColumn>().Select(SnakeCase)];

    /// <summary>The select list, each name after <paramref name="prefix"/> (a table alias such as <c>e.</c>, or empty).</summary>
    public static string List(string prefix) => string.Join(", ", Names.Select(n => prefix + n));

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
