namespace Baton.Core.Dashboard;

/// <summary>A count of executions under one name (a queue or a task; null name: none set).</summary>
public sealed record NamedCount(string? Name, long Count);
