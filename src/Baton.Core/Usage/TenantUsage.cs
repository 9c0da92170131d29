namespace Baton.Core.Usage;

/// <summary>What a tenant uses now: cues with status <c>active</c>, and executions made this calendar month (UTC).</summary>
public sealed record TenantUsage(long ActiveCues, long ExecutionsThisMonth);
