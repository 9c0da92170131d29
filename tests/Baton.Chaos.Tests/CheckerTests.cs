namespace Baton.Chaos.Tests;

/// <summary>
/// The chaos checker against histories built by hand: a clean run passes, and each rule catches the violation it
/// exists for when one is planted in an otherwise clean history or final state (and reports that rule alone).
/// </summary>
public sealed class CheckerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid A = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid Cue1 = Guid.Parse("00000000-0000-0000-0000-0000000000c1");
    private static readonly Guid Cue2 = Guid.Parse("00000000-0000-0000-0000-0000000000c2");
    private static readonly Guid Cue3 = Guid.Parse("00000000-0000-0000-0000-0000000000c3");

    /// <summary>
    /// A enqueued, claimed by claimer-0, lost when it stalled past its lease, claimed by claimer-1 and finished; B
    /// enqueued and finished by a daemon; a cue fired three consecutive slots.
    /// </summary>
    private static List<HistoryEntry> CleanHistory() =>
    [
        new() { Op = HistoryOps.Enqueued, At = T0, Key = "e-0", Actor = "enqueuer-0", ExecutionId = A },
        new() { Op = HistoryOps.Enqueued, At = T0, Key = "e-1", Actor = "enqueuer-0", ExecutionId = B },
        Claim(A, "claimer-0", "tok-1", T0.AddSeconds(1), T0.AddSeconds(6)),
        new() { Op = HistoryOps.Extended, At = T0.AddSeconds(3), Actor = "claimer-0", ExecutionId = A, ClaimToken = "tok-1", LeaseUntil = T0.AddSeconds(8) },
        new() { Op = HistoryOps.Fault, At = T0.AddSeconds(4), Detail = "SIGKILL a node: node 0" },
        Claim(A, "claimer-1", "tok-2", T0.AddSeconds(9), T0.AddSeconds(14)),
        Completion(A, "claimer-1", "tok-2", T0.AddSeconds(10)),
    ];

    private static FinalState CleanFinal() => new()
    {
        Executions =
        [
            new(A, "success", "claimer-1:tok-2", null, T0),
            new(B, "success", "done", null, T0),
            new(Cue1, "success", "fired", "cue-1", T0.AddSeconds(1)),
            new(Cue2, "success", "fired", "cue-1", T0.AddSeconds(2)),
            new(Cue3, "success", "fired", "cue-1", T0.AddSeconds(3)),
        ],
        Events =
        [
            new(A, "execution.created"), new(B, "execution.created"), new(A, "execution.claimed"),
            new(A, "execution.retrying"), new(B, "execution.claimed"), new(A, "execution.claimed"),
            new(B, "execution.succeeded"), new(A, "execution.succeeded"), new(null, "cue.fired"),
            .. new[] { Cue1, Cue2, Cue3 }.SelectMany(c => new FinalEvent[]
            {
                new(c, "execution.created"), new(c, "execution.claimed"), new(c, "execution.succeeded"),
            }),
            new(A, "execution.verified"),
        ],
    };

    [Fact]
    public void A_clean_history_has_no_violations()
    {
        Assert.Empty(Checker.Check(CleanHistory(), CleanFinal()));
    }

    [Fact]
    public void An_acknowledged_enqueue_missing_from_the_database_is_lost()
    {
        var final = CleanFinal() with { Executions = [.. CleanFinal().Executions.Where(e => e.Id != B)] };
        final = final with { Events = [.. final.Events.Where(e => e.ExecutionId != B)] };
        AssertOnly(Checker.LostEnqueue, CleanHistory(), final);
    }

    [Fact]
    public void An_execution_left_pending_after_the_drain_never_finished()
    {
        var final = Replace(CleanFinal(), B, e => e with { Status = "pending", Result = null });
        final = final with { Events = [.. final.Events.Where(e => !(e.ExecutionId == B && e.Type != "execution.created"))] };
        AssertOnly(Checker.NeverFinished, CleanHistory(), final);
    }

    [Fact]
    public void Outcomes_acknowledged_under_two_claims_finish_an_execution_twice()
    {
        var history = CleanHistory();
        history.Insert(3, Completion(A, "claimer-0", "tok-1", T0.AddSeconds(2)));
        // The first holder's report ends its lease at 2 s, so no lease overlap is involved; the outcome it
        // acknowledged ("claimer-0:tok-1") also differs from the stored one, which is the overwrite rule's business.
        var violations = Checker.Check(history, CleanFinal());
        Assert.Contains(violations, v => v.Rule == Checker.FinishedTwice);
    }

    [Fact]
    public void Two_terminal_events_for_one_execution_finish_it_twice()
    {
        var final = CleanFinal();
        final = final with { Events = [.. final.Events.Where(e => e.Type != "execution.verified"), new(B, "execution.succeeded")] };
        AssertOnly(Checker.FinishedTwice, CleanHistory(), final, alsoAllowed: Checker.EventOutOfOrder);
    }

    [Fact]
    public void A_stored_result_other_than_the_acknowledged_one_is_an_overwritten_outcome()
    {
        AssertOnly(Checker.OutcomeOverwritten, CleanHistory(), Replace(CleanFinal(), A, e => e with { Result = "claimer-0:tok-1" }));
    }

    [Fact]
    public void A_second_claim_inside_the_first_holders_acknowledged_lease_is_a_double_lease()
    {
        var history = CleanHistory();
        // claimer-1 claims at 7 s, while claimer-0's extended lease runs to 8 s.
        history[5] = Claim(A, "claimer-1", "tok-2", T0.AddSeconds(7), T0.AddSeconds(12));
        AssertOnly(Checker.DoubleLease, history, CleanFinal());
    }

    [Fact]
    public void A_cue_slot_with_two_executions_was_fired_twice()
    {
        var twin = Guid.NewGuid();
        var final = CleanFinal();
        final = final with
        {
            Executions = [.. final.Executions, new(twin, "success", "fired", "cue-1", T0.AddSeconds(2))],
            Events = [.. final.Events, new(twin, "execution.created"), new(twin, "execution.claimed"), new(twin, "execution.succeeded")],
        };
        AssertOnly(Checker.CueSlotTwice, CleanHistory(), final);
    }

    [Fact]
    public void A_gap_between_cue_slots_is_a_skipped_slot()
    {
        var final = CleanFinal();
        final = final with
        {
            Executions = [.. final.Executions.Where(e => e.Id != Cue2)],
            Events = [.. final.Events.Where(e => e.ExecutionId != Cue2)],
        };
        AssertOnly(Checker.CueSlotSkipped, CleanHistory(), final);
    }

    [Fact]
    public void A_finished_execution_without_its_terminal_event_has_an_event_missing()
    {
        var final = CleanFinal();
        final = final with { Events = [.. final.Events.Where(e => !(e.ExecutionId == B && e.Type == "execution.succeeded"))] };
        AssertOnly(Checker.EventMissing, CleanHistory(), final);
    }

    [Fact]
    public void An_acknowledged_claim_without_its_claimed_event_has_an_event_missing()
    {
        var final = CleanFinal();
        var firstClaim = final.Events.ToList().FindIndex(e => e.ExecutionId == A && e.Type == "execution.claimed");
        var events = final.Events.ToList();
        events.RemoveAt(firstClaim);
        events.RemoveAt(events.FindIndex(e => e.ExecutionId == A && e.Type == "execution.retrying"));
        AssertOnly(Checker.EventMissing, CleanHistory(), final with { Events = events });
    }

    [Fact]
    public void A_claim_logged_after_the_terminal_event_is_out_of_order()
    {
        var final = CleanFinal();
        var events = final.Events.ToList();
        var claimed = events.FindIndex(e => e.ExecutionId == B && e.Type == "execution.claimed");
        var succeeded = events.FindIndex(e => e.ExecutionId == B && e.Type == "execution.succeeded");
        (events[claimed], events[succeeded]) = (events[succeeded], events[claimed]);
        AssertOnly(Checker.EventOutOfOrder, CleanHistory(), final with { Events = events });
    }

    [Fact]
    public void Two_claimed_events_in_a_row_are_out_of_order()
    {
        var final = CleanFinal();
        AssertOnly(Checker.EventOutOfOrder, CleanHistory(),
            final with { Events = [.. final.Events.Where(e => !(e.ExecutionId == A && e.Type == "execution.retrying"))] });
    }

    [Fact]
    public void A_500_answer_is_a_violation()
    {
        var history = CleanHistory();
        history.Add(new HistoryEntry { Op = HistoryOps.ServerError, At = T0, Detail = "500 internal_error: boom" });
        AssertOnly(Checker.ServerError, history, CleanFinal());
    }

    [Fact]
    public void A_saved_run_reads_back_as_it_was_written()
    {
        var directory = Directory.CreateTempSubdirectory("baton-chaos-test-").FullName;
        try
        {
            using (var log = new HistoryLog(Path.Combine(directory, "history.jsonl")))
            {
                foreach (var entry in CleanHistory()) log.Add(entry);
            }

            CleanFinal().Write(Path.Combine(directory, "final.json"));
            var history = HistoryLog.Read(Path.Combine(directory, "history.jsonl"));
            Assert.Equal(CleanHistory(), history);
            Assert.Equal(CleanFinal().Executions, FinalState.Read(Path.Combine(directory, "final.json")).Executions);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void AssertOnly(
        string rule, IReadOnlyList<HistoryEntry> history, FinalState final, string? alsoAllowed = null)
    {
        var violations = Checker.Check(history, final);
        Assert.Contains(violations, v => v.Rule == rule);
        Assert.All(violations, v => Assert.True(v.Rule == rule || v.Rule == alsoAllowed, $"unexpected {v.Rule}: {v.Detail}"));
    }

    private static FinalState Replace(FinalState final, Guid id, Func<FinalExecution, FinalExecution> change) =>
        final with { Executions = [.. final.Executions.Select(e => e.Id == id ? change(e) : e)] };

    private static HistoryEntry Claim(Guid id, string actor, string token, DateTimeOffset from, DateTimeOffset until) => new()
    {
        Op = HistoryOps.Claimed,
        At = from,
        Actor = actor,
        ExecutionId = id,
        ClaimToken = token,
        LeaseFrom = from,
        LeaseUntil = until,
    };

    private static HistoryEntry Completion(Guid id, string actor, string token, DateTimeOffset at) => new()
    {
        Op = HistoryOps.Completed,
        At = at,
        Actor = actor,
        ExecutionId = id,
        ClaimToken = token,
        Result = $"{actor}:{token}",
    };
}
