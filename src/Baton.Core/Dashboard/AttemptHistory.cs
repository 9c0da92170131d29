using System.Text.Json;
using Baton.Core.Events;

namespace Baton.Core.Dashboard;

/// <summary>
/// Reads an execution's attempts from its events: a claim opens one (its data carries the attempt number and the
/// worker), and the next change of state closes it — retried, released, succeeded, failed, cancelled, or handed
/// back by the rescuer (an <c>execution.created</c> with status pending).
/// </summary>
public static class AttemptHistory
{
    public static IReadOnlyList<Attempt> From(IEnumerable<BatonEvent> timeline)
    {
        var attempts = new List<Attempt>();
        Attempt? open = null;
        foreach (var e in timeline)
        {
            if (e.Type == EventTypes.ExecutionClaimed)
            {
                if (open is not null) attempts.Add(open with { EndedAs = "superseded" });
                var (number, worker) = ClaimFacts(e.DataJson);
                open = new Attempt(number ?? attempts.Count + 1, worker, e.At, null, null);
            }
            else if (open is not null && e.Type != EventTypes.ExecutionVerified)
            {
                attempts.Add(open with { EndedAs = EndName(e), EndedAt = e.At });
                open = null;
            }
        }

        if (open is not null) attempts.Add(open);
        return attempts;
    }

    private static string EndName(BatonEvent e) =>
        e.Type == EventTypes.ExecutionCreated ? "lease expired" : e.Type["execution.".Length..];

    private static (int? Number, string? Worker) ClaimFacts(string? dataJson)
    {
        if (dataJson is null) return (null, null);
        using var doc = JsonDocument.Parse(dataJson);
        var root = doc.RootElement;
        int? number = root.TryGetProperty("attempt", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetInt32() : null;
        var worker = root.TryGetProperty("worker_id", out var w) && w.ValueKind == JsonValueKind.String ? w.GetString() : null;
        return (number, worker);
    }
}
