namespace Baton.Core.Dashboard;

/// <summary>Executions that finished in the minute starting at <see cref="Minute"/>, by how they ended.</summary>
public sealed record MinuteCounts(DateTimeOffset Minute, long Succeeded, long Failed);
