namespace Baton.Contracts.Executions;

/// <summary>Why one outcome of a batch was refused.</summary>
public sealed record BatchOutcomeError(string Code, string Message);
