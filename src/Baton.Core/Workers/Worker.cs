using Baton.Contracts.Workers;
namespace Baton.Core.Workers;

public sealed record Worker(
    string WorkerId,
    IReadOnlyList<string> Handlers,
    string? Version,
    string? Host,
    DateTimeOffset LastHeartbeat,
    DateTimeOffset RegisteredSince,
    long ClaimedCount,
    string State = WorkerStates.Running);
