using Npgsql;

namespace Baton.Storage.Postgres;

/// <summary>
/// Numbers committed events in commit-visible order (docs/architecture.md, "The event log"). Writers insert events
/// with <c>seq</c> NULL; a reader calls <see cref="NumberCommittedAsync"/> before it reads, and once that returns,
/// every event committed before the call has a number that the reader's next snapshot sees.
/// <para>
/// Calls on one node share runs: a caller waits for a run that <em>starts</em> after it called (a run already in
/// flight may have taken its snapshot before the caller's write committed), and every caller waiting by then is
/// answered by that one run. So a node runs at most one sequencing transaction at a time however many streams
/// read, and a burst of readers costs one commit, not one each.
/// </para>
/// </summary>
internal sealed class EventSequencer(NpgsqlDataSource dataSource)
{
    /// <summary>Rows numbered per transaction; a larger backlog takes several, each short.</summary>
    internal const int BatchSize = 5000;

    /// <summary>
    /// Is any committed event unnumbered? Ordered by <c>id</c>, the order of <c>events_unnumbered</c>, so the plan
    /// is that index whatever the statistics say: without an order, statistics taken in a burst (a fifth of the log
    /// unnumbered) made the planner expect a match within a few rows of a sequential scan, which then read the whole
    /// numbered log on every probe until the next ANALYZE (<c>EventQueryPlanTests</c>).
    /// </summary>
    internal const string ProbeSql = "SELECT 1 FROM events WHERE seq IS NULL ORDER BY id LIMIT 1";

    private readonly Lock _gate = new();
    private TaskCompletionSource? _next;
    private bool _running;

    /// <summary>Returns once every event committed before this call is numbered (by this node or another).</summary>
    public Task NumberCommittedAsync(CancellationToken ct)
    {
        Task waitFor;
        lock (_gate)
        {
            _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waitFor = _next.Task;
            if (!_running)
            {
                _running = true;
                _ = Task.Run(RunAsync, CancellationToken.None);
            }
        }

        return waitFor.WaitAsync(ct);
    }

    private async Task RunAsync()
    {
        while (true)
        {
            TaskCompletionSource? callers;
            lock (_gate)
            {
                callers = _next;
                _next = null;
                if (callers is null)
                {
                    _running = false;
                    return;
                }
            }

            try
            {
                // Not the callers' token: one caller leaving must not fail the others sharing this run.
                await NumberAsync(CancellationToken.None);
                callers.SetResult();
            }
            catch (Exception e)
            {
                callers.SetException(e);
            }
        }
    }

    /// <summary>One run: numbers what is committed and unnumbered, in transactions of at most <see cref="BatchSize"/>.</summary>
    private async Task NumberAsync(CancellationToken ct)
    {
        await using var c = await dataSource.OpenConnectionAsync(ct);

        // A plain read first: when everything committed is numbered (the usual case for a reader that keeps up)
        // this costs one index probe and no transaction. Locking the sequence row would give the run a
        // transaction id and a commit to flush even when there is nothing to number.
        await using (var probe = new NpgsqlCommand(ProbeSql, c))
        {
            if (await probe.ExecuteScalarAsync(ct) is null) return;
        }

        while (await NumberBatchAsync(c, ct) == BatchSize)
        {
        }
    }

    /// <summary>
    /// One sequencing transaction, as one batch (an implicit transaction). The first statement waits for any other
    /// sequencer (on any node) and holds the one sequence row until the commit. Under READ COMMITTED the second
    /// statement then takes a fresh snapshot, so it sees every number the previous sequencer committed and every
    /// event committed before it. Rows are numbered in id order: an execution's next event is inserted only after
    /// the transaction holding its row lock (which wrote the previous event, with a lower id) committed.
    /// The commit is synchronous whatever the server's setting: a number a reader has seen must survive a crash,
    /// or the renumbered log could hand the same number to another event behind that reader's cursor.
    /// </summary>
    private static async Task<int> NumberBatchAsync(NpgsqlConnection c, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(c)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT set_config('synchronous_commit', 'on', true)"),
                new NpgsqlBatchCommand("SELECT last FROM event_sequence WHERE name = 'events' FOR UPDATE"),
                new NpgsqlBatchCommand($"""
                    WITH pending AS (
                        SELECT id, row_number() OVER (ORDER BY id) AS n
                        FROM (SELECT id FROM events WHERE seq IS NULL ORDER BY id LIMIT {BatchSize}) unnumbered),
                    base AS (SELECT last FROM event_sequence WHERE name = 'events'),
                    numbered AS (
                        UPDATE events e SET seq = base.last + pending.n
                        FROM pending, base
                        WHERE e.id = pending.id AND e.seq IS NULL
                        RETURNING e.seq)
                    UPDATE event_sequence SET last = greatest(last, (SELECT coalesce(max(seq), 0) FROM numbered))
                    WHERE name = 'events'
                    RETURNING (SELECT count(*) FROM pending)::int
                    """),
            },
        };
        await using var r = await batch.ExecuteReaderAsync(ct);
        await r.NextResultAsync(ct); // past set_config's row
        await r.NextResultAsync(ct); // past the locked row
        return await r.ReadAsync(ct) ? r.GetInt32(0) : 0;
    }
}
