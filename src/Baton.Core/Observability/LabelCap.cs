using System.Collections.Concurrent;

namespace Baton.Core.Observability;

/// <summary>
/// Keeps a metric label to a bounded set of values: the first <see cref="Capacity"/> distinct values seen are kept
/// as they are, every later one is reported as <see cref="Other"/>. A label from user input (a queue, a task name)
/// can otherwise grow a series per value without end.
/// </summary>
public sealed class LabelCap(int capacity)
{
    public const string Other = "other";

    /// <summary>How a missing value (a task-less execution) is labelled.</summary>
    public const string None = "none";

    private readonly ConcurrentDictionary<string, bool> _kept = new(StringComparer.Ordinal);
    private int _count;

    public int Capacity { get; } = capacity;

    /// <summary>The label for <paramref name="value"/>: itself while there is room or it was kept before, else <see cref="Other"/>.</summary>
    public string Label(string? value)
    {
        if (value is null) return None;
        if (_kept.ContainsKey(value)) return value;
        if (Volatile.Read(ref _count) >= Capacity) return Other;
        lock (_kept)
        {
            if (_kept.ContainsKey(value)) return value;
            if (_count >= Capacity) return Other;
            _kept[value] = true;
            _count++;
            return value;
        }
    }
}
