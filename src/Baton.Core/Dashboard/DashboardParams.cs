using Baton.Core.Storage;

namespace Baton.Core.Dashboard;

// One params record per dashboard read (as the store's params records are).

/// <summary>
/// A keyset page of executions: <see cref="Filter"/>'s terms (its <c>Limit</c>/<c>Offset</c> are ignored), a
/// case-insensitive substring of the title, and the sequence the previous page ended at (null: the newest).
/// </summary>
public sealed record ListExecutionSliceParams(
    ListExecutionsParams Filter, string? TitleContains = null, long? BeforeSequence = null, int Limit = 50);

/// <summary>
/// The tenant's executions by status, from the counters: all of them, or one queue and/or task, or one run (a run
/// with a queue or task is not counted this way; <see cref="ExecutionFilter.Counted"/> says which filters are).
/// </summary>
public sealed record CountExecutionsParams(string TenantId, string? Queue = null, string? Task = null, string? RunId = null);

/// <summary>
/// The overview's numbers at <see cref="Now"/>; the series cover <see cref="Window"/> before it. The window starts on
/// a minute (the overview's do): a store may count its finishes per minute, whole minutes only.
/// </summary>
public sealed record GetOverviewStatsParams(string TenantId, DateTimeOffset Now, TimeSpan Window);

/// <summary>A keyset page of the tenant's runs, after <see cref="After"/> (null: the most recently active).</summary>
public sealed record ListRunSliceParams(string TenantId, RunCursor? After = null, int Limit = 50);

/// <summary>A keyset page of the tenant's cues, before <see cref="BeforeSequence"/> (null: the newest).</summary>
public sealed record ListCueSliceParams(string TenantId, long? BeforeSequence = null, int Limit = 50);

/// <summary>A keyset page of the tenant's alerts, before <see cref="BeforeSequence"/> (null: the newest).</summary>
public sealed record ListAlertSliceParams(string TenantId, long? BeforeSequence = null, int Limit = 50);
