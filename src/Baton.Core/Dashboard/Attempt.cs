namespace Baton.Core.Dashboard;

/// <summary>One delivery attempt: claimed by <see cref="Worker"/> at <see cref="StartedAt"/>, ended how and when.</summary>
public sealed record Attempt(int Number, string? Worker, DateTimeOffset StartedAt, string? EndedAs, DateTimeOffset? EndedAt);
