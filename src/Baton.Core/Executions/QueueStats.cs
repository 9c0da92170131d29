namespace Baton.Core.Executions;

/// <summary>Server-wide queue depth for <c>/health</c>.</summary>
public sealed record QueueStats(long Pending, long Delivering, long Retrying, double? OldestPendingAgeSeconds);
