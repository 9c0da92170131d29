namespace Baton.Chaos;

/// <summary>One broken guarantee: the rule, and what shows it.</summary>
public sealed record Violation(string Rule, string Detail);

/// <summary>
/// Reads a run's history and final state and lists every broken guarantee. Each rule looks only at what the server
/// acknowledged and at what the database holds at the end, so a fault may make work run late or twice at the
/// handler (at least once), but never lose an acknowledged write, finish an execution twice, overwrite an outcome,
/// give one execution's lease to two holders at once, fire a cue slot twice or skip one, or lose or reorder an
/// execution's events.
/// </summary>
public static class Checker
{
    public const string LostEnqueue = "acknowledged enqueue lost";
    public const string NeverFinished = "execution never finished";
    public const string FinishedTwice = "execution finished more than once";
    public const string OutcomeOverwritten = "acknowledged outcome overwritten";
    public const string DoubleLease = "two holders of one lease at once";
    public const string CueSlotTwice = "cue slot fired twice";
    public const string CueSlotSkipped = "cue slot skipped";
    public const string EventMissing = "event missing";
    public const string EventOutOfOrder = "events out of order";
    public const string ServerError = "answered 5xx other than 503";

    public static readonly IReadOnlyList<string> Rules =
    [
        LostEnqueue, NeverFinished, FinishedTwice, OutcomeOverwritten, DoubleLease, CueSlotTwice, CueSlotSkipped,
        EventMissing, EventOutOfOrder, ServerError,
    ];

    /// <summary>The cue the runner creates fires every second and replays every slot it missed.</summary>
    public static readonly TimeSpan CueInterval = TimeSpan.FromSeconds(1);

    private static readonly Dictionary<string, string> TerminalEventOf = new()
    {
        ["success"] = "execution.succeeded",
        ["failed"] = "execution.failed",
        ["missed"] = "execution.missed",
        ["cancelled"] = "execution.cancelled",
    };

    private static readonly HashSet<string> TerminalEvents = [.. TerminalEventOf.Values];

    public static IReadOnlyList<Violation> Check(IReadOnlyList<HistoryEntry> history, FinalState final)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(final);
        var executions = final.Executions.ToDictionary(e => e.Id);
        var events = final.Events.Where(e => e.ExecutionId is not null).ToLookup(e => e.ExecutionId!.Value);
        var violations = new List<Violation>();
        violations.AddRange(Enqueues(history, executions));
        violations.AddRange(Finishes(history, executions, events));
        violations.AddRange(Leases(history));
        violations.AddRange(CueSlots(final.Executions));
        violations.AddRange(Events(history, executions, events));
        violations.AddRange(history.Where(h => h.Op == HistoryOps.ServerError).Select(h => new Violation(ServerError, $"{h.At:O}: {h.Detail}")));
        return violations;
    }

    private static IEnumerable<Violation> Enqueues(IReadOnlyList<HistoryEntry> history, Dictionary<Guid, FinalExecution> executions)
    {
        foreach (var enqueued in history.Where(h => h.Op == HistoryOps.Enqueued))
        {
            if (!executions.ContainsKey(enqueued.ExecutionId!.Value))
            {
                yield return new(LostEnqueue, $"{enqueued.Key} → {enqueued.ExecutionId} was acknowledged at {enqueued.At:O} and is not in the database");
            }
        }
    }

    private static IEnumerable<Violation> Finishes(
        IReadOnlyList<HistoryEntry> history, Dictionary<Guid, FinalExecution> executions, ILookup<Guid, FinalEvent> events)
    {
        foreach (var execution in executions.Values.Where(e => !TerminalEventOf.ContainsKey(e.Status)))
        {
            yield return new(NeverFinished, $"{execution.Id} is still {execution.Status} after the drain");
        }

        foreach (var execution in executions.Values)
        {
            var terminal = events[execution.Id].Count(e => TerminalEvents.Contains(e.Type));
            if (terminal > 1) yield return new(FinishedTwice, $"{execution.Id} has {terminal} terminal events");
        }

        foreach (var completions in history.Where(h => h.Op == HistoryOps.Completed).GroupBy(h => h.ExecutionId!.Value))
        {
            var tokens = completions.Select(c => c.ClaimToken).Distinct().ToList();
            if (tokens.Count > 1)
            {
                yield return new(FinishedTwice, $"{completions.Key}: outcomes acknowledged under {tokens.Count} claims ({string.Join(", ", tokens)})");
            }

            var acknowledged = completions.First();
            if (executions.TryGetValue(completions.Key, out var stored) && (stored.Status != "success" || stored.Result != acknowledged.Result))
            {
                yield return new(OutcomeOverwritten,
                    $"{completions.Key}: success '{acknowledged.Result}' acknowledged at {acknowledged.At:O}, the database has {stored.Status} '{stored.Result}'");
            }
        }
    }

    /// <summary>
    /// A holder's lease runs from the server's claim time to the last expiry it acknowledged, or to the acknowledged
    /// outcome if that came first. An extension whose answer was lost only makes the known lease shorter, so a
    /// reported overlap is always real.
    /// </summary>
    private static IEnumerable<Violation> Leases(IReadOnlyList<HistoryEntry> history)
    {
        var extensions = history.Where(h => h.Op == HistoryOps.Extended).ToLookup(h => h.ClaimToken);
        var completions = history.Where(h => h.Op == HistoryOps.Completed).ToLookup(h => h.ClaimToken);
        var leases = history.Where(h => h.Op == HistoryOps.Claimed).Select(claim =>
        {
            var until = extensions[claim.ClaimToken].Select(e => e.LeaseUntil!.Value).Append(claim.LeaseUntil!.Value).Max();
            var completed = completions[claim.ClaimToken].Select(c => c.At).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
            return (claim.ExecutionId, claim.Actor, claim.ClaimToken, From: claim.LeaseFrom!.Value, Until: completed < until ? completed : until);
        });
        foreach (var byExecution in leases.GroupBy(l => l.ExecutionId))
        {
            var ordered = byExecution.OrderBy(l => l.From).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                var (earlier, later) = (ordered[i - 1], ordered[i]);
                if (later.From < earlier.Until && later.ClaimToken != earlier.ClaimToken)
                {
                    yield return new(DoubleLease,
                        $"{byExecution.Key}: {earlier.Actor} held it {earlier.From:O}–{earlier.Until:O}, {later.Actor} from {later.From:O}");
                }
            }
        }
    }

    private static IEnumerable<Violation> CueSlots(IReadOnlyList<FinalExecution> executions)
    {
        foreach (var cue in executions.Where(e => e.CueId is not null).GroupBy(e => e.CueId))
        {
            var slots = cue.GroupBy(e => e.ScheduledFor).OrderBy(g => g.Key).ToList();
            foreach (var doubled in slots.Where(s => s.Count() > 1))
            {
                yield return new(CueSlotTwice, $"cue {cue.Key} fired its {doubled.Key:O} slot {doubled.Count()} times");
            }

            for (var i = 1; i < slots.Count; i++)
            {
                if (slots[i].Key - slots[i - 1].Key != CueInterval)
                {
                    yield return new(CueSlotSkipped, $"cue {cue.Key}: no slot between {slots[i - 1].Key:O} and {slots[i].Key:O}");
                }
            }
        }
    }

    /// <summary>
    /// Per execution, in log order: created first and once; a claim only after creation, a retry or a release (two
    /// claims in a row would be a double claim); nothing after the terminal event but a verification; and an event
    /// for every acknowledged enqueue, claim and final state.
    /// </summary>
    private static IEnumerable<Violation> Events(
        IReadOnlyList<HistoryEntry> history, Dictionary<Guid, FinalExecution> executions, ILookup<Guid, FinalEvent> events)
    {
        var claims = history.Where(h => h.Op == HistoryOps.Claimed).ToLookup(h => h.ExecutionId!.Value);
        foreach (var execution in executions.Values)
        {
            var types = events[execution.Id].Select(e => e.Type).ToList();
            if (types.Count(t => t == "execution.created") != 1)
            {
                yield return new(EventMissing, $"{execution.Id} has {types.Count(t => t == "execution.created")} created events");
            }

            if (TerminalEventOf.TryGetValue(execution.Status, out var terminal) && !types.Contains(terminal))
            {
                yield return new(EventMissing, $"{execution.Id} is {execution.Status} without a {terminal} event");
            }

            var acknowledgedClaims = claims[execution.Id].Select(c => c.ClaimToken).Distinct().Count();
            if (types.Count(t => t == "execution.claimed") < acknowledgedClaims)
            {
                yield return new(EventMissing, $"{execution.Id}: {acknowledgedClaims} claims acknowledged, {types.Count(t => t == "execution.claimed")} claimed events");
            }

            if (OutOfOrder(types) is { } problem) yield return new(EventOutOfOrder, $"{execution.Id}: {problem} ({string.Join(" → ", types)})");
        }
    }

    private static string? OutOfOrder(List<string> types)
    {
        if (types.Count > 0 && types[0] != "execution.created") return "the first event is not execution.created";
        var ended = false;
        for (var i = 1; i < types.Count; i++)
        {
            if (ended && types[i] != "execution.verified") return $"{types[i]} after the terminal event";
            if (types[i] == "execution.claimed" && types[i - 1] == "execution.claimed") return "claimed twice in a row";
            ended |= TerminalEvents.Contains(types[i]);
        }

        return null;
    }
}
