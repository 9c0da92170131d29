namespace Baton.Core.Dashboard;

/// <summary>
/// Where a page of runs ended: the last run's latest activity and id. Runs are listed by latest activity, newest
/// first, then by id (ordinal), so the next page is every run strictly after this pair in that order.
/// </summary>
public sealed record RunCursor(DateTimeOffset LastActivityAt, string RunId);
