using System.Text.Json;

namespace Baton.Chaos;

/// <summary>What the database holds once the run has drained: every execution and every event, in log order.</summary>
public sealed record FinalState
{
    public required IReadOnlyList<FinalExecution> Executions { get; init; }

    /// <summary>All events, in the order the event log gives them (cursor order).</summary>
    public required IReadOnlyList<FinalEvent> Events { get; init; }

    public static FinalState Read(string path) => JsonSerializer.Deserialize<FinalState>(File.ReadAllText(path), HistoryLog.Json)!;

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, HistoryLog.Json));
}

public sealed record FinalExecution(Guid Id, string Status, string? Result, string? CueId, DateTimeOffset ScheduledFor)
{
    public string? Task { get; init; }

    public int Attempts { get; init; }
}

public sealed record FinalEvent(Guid? ExecutionId, string Type);
