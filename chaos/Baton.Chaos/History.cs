using System.Text.Json;
using System.Text.Json.Serialization;

namespace Baton.Chaos;

/// <summary>
/// One line of a run's history: an operation the server acknowledged (2xx), as the client that made it saw it, or a
/// fault the runner injected. Only acknowledged operations are written: an operation whose answer was lost is not
/// known to have happened, so no rule may rely on it.
/// </summary>
public sealed record HistoryEntry
{
    /// <summary><see cref="HistoryOps"/>.</summary>
    public required string Op { get; init; }

    public required DateTimeOffset At { get; init; }

    public Guid? ExecutionId { get; init; }

    /// <summary>The enqueue's idempotency key.</summary>
    public string? Key { get; init; }

    /// <summary>The client that made the call: an enqueuer or a raw claimer.</summary>
    public string? Actor { get; init; }

    public string? ClaimToken { get; init; }

    /// <summary>For a claim: when the server started the lease (its expiry minus the lease length).</summary>
    public DateTimeOffset? LeaseFrom { get; init; }

    /// <summary>For a claim or an extension: the lease expiry the server acknowledged.</summary>
    public DateTimeOffset? LeaseUntil { get; init; }

    /// <summary>For a completion: the result text recorded.</summary>
    public string? Result { get; init; }

    /// <summary>For a fault: what was done, to what.</summary>
    public string? Detail { get; init; }
}

/// <summary>The kinds of <see cref="HistoryEntry"/>.</summary>
public static class HistoryOps
{
    public const string Enqueued = "enqueued";
    public const string Claimed = "claimed";
    public const string Extended = "extended";
    public const string Completed = "completed";
    public const string Fault = "fault";
    public const string ServerError = "server-error";
}

/// <summary>Appends history entries to a JSON-lines file as they happen, from many tasks at once.</summary>
public sealed class HistoryLog : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly StreamWriter _writer;
    private readonly List<HistoryEntry> _entries = [];

    public HistoryLog(string path)
    {
        _writer = new StreamWriter(path) { AutoFlush = true };
    }

    public IReadOnlyList<HistoryEntry> Entries
    {
        get
        {
            lock (_entries) return [.. _entries];
        }
    }

    public void Add(HistoryEntry entry)
    {
        lock (_entries)
        {
            _entries.Add(entry);
            _writer.WriteLine(JsonSerializer.Serialize(entry, Json));
        }
    }

    public void Fault(string detail) => Add(new HistoryEntry { Op = HistoryOps.Fault, At = DateTimeOffset.UtcNow, Detail = detail });

    public static IReadOnlyList<HistoryEntry> Read(string path) =>
        [.. File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<HistoryEntry>(l, Json)!)];

    public void Dispose() => _writer.Dispose();
}
