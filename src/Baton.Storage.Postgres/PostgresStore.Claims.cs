using System.Globalization;
using System.Security.Cryptography;
using Baton.Core;
using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>
    /// What makes a row claimable by a worker; <c>status IN ('pending', 'retrying') AND transport = 'worker'</c>
    /// matches the partial claim indexes. Webhook executions are the dispatcher's alone. The time is compared as
    /// <c>(SELECT @now)</c>, a value the planner cannot see: with a bare <c>@now</c> a custom plan, knowing that
    /// every pending row is due, was costed a little below the generic plan, and PostgreSQL flipped between reusing
    /// its generic plan and planning every claim afresh (0.7–1.1 ms a claim, in about half the runs of the store
    /// burn-down). Costed alike, the generic plan always wins; the plan itself is the same.
    /// </summary>
    internal const string ClaimableTerms =
        "e.tenant_id = @t AND e.status IN ('pending', 'retrying') AND e.transport = 'worker' " +
        "AND e.available_at <= (SELECT @now) AND (e.expires_at IS NULL OR e.expires_at > @now OR e.attempts > 0)";

    /// <summary>
    /// One statement, run as its own implicit transaction (no BEGIN/COMMIT round trips): the first CTE picks rows
    /// in claim order and locks them, skipping rows another claimer holds; the UPDATE marks exactly those; the
    /// INSERT writes their <c>execution.claimed</c> events. Two claimers can never pick the same row, and none
    /// waits on another. The events take the statement's transaction id (the <c>tx_id</c> default), the same one
    /// the rows get as <c>last_event_tx</c>, so the stream order (docs/architecture.md) is kept; a claim needs no
    /// stale-id retry, since it only touches rows whose last change committed before its snapshot. Their ids are
    /// handed out in claim order, as when the events were a second statement. The event's data is built here the
    /// way <see cref="NewEvent.For"/> builds it (attempt, task, worker_id, and the last error when there was one).
    /// Each row's claim token is made from the claim's own secret (see <see cref="ClaimKey"/>). <c>{0}</c> is what
    /// makes a row claimable: <see cref="ClaimableTerms"/> and the filter for a worker, the webhook terms for the
    /// dispatcher; <c>{1}</c> the limit (see <see cref="ClaimStatement"/>).
    /// </summary>
    private static readonly string ClaimSql = $"""
        WITH picked AS (
            SELECT e.seq FROM executions e
            WHERE {"{0}"}
            ORDER BY e.priority DESC, e.available_at, e.seq
            LIMIT {"{1}"}
            FOR UPDATE SKIP LOCKED),
        claimed AS (
            UPDATE executions e SET
                status = 'delivering', attempts = e.attempts + 1, claimed_by_worker = @worker,
                claim_token = left(encode(sha256(convert_to(@key || e.seq, 'UTF8')), 'hex'), 32),
                lease_seconds = @lease, lease_expires_at = @lease_expires_at, last_heartbeat_at = NULL,
                progress = NULL, next_retry = NULL, started_at = coalesce(e.started_at, @now), delivered_at = @now,
                last_attempt_at = @now, updated_at = @now, last_event_tx = pg_current_xact_id()
            FROM picked WHERE e.seq = picked.seq
            RETURNING {ExecutionRows.Columns}),
        claim_events AS (
            INSERT INTO events (tenant_id, type, execution_id, run_id, cue_id, queue, status, at, data)
            SELECT e.tenant_id, '{EventTypes.ExecutionClaimed}', e.id, e.run_id, e.cue_id, e.queue, e.status, @now,
                '{"{"}"attempt":' || e.attempts || ',"task":' || coalesce(to_json(e.task)::text, 'null') ||
                ',"worker_id":' || to_json(e.claimed_by_worker)::text ||
                coalesce(',"error":' || to_json(e.error_message)::text, '') || '{"}"}'
            FROM claimed e
            ORDER BY e.priority DESC, e.available_at, e.seq)
        SELECT * FROM claimed
        """;

    /// <summary>
    /// The claim statement for these terms, with the limit written into the text rather than bound: with
    /// <c>LIMIT @limit</c> a generic plan must guess the row count, so PostgreSQL kept planning a custom plan on
    /// every call (0.4–1 ms of a 4–5 ms claim of 100, measured with EXPLAIN ANALYZE); with the literal it settles on
    /// the cached generic plan after five calls. The limit is an int, and claims use few distinct ones (1, a
    /// worker's free slots, a batch size), so the prepared-statement cache holds them.
    /// </summary>
    internal static string ClaimStatement(string terms, int limit) =>
        ClaimSql.Replace("{0}", terms, StringComparison.Ordinal)
            .Replace("{1}", limit.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>
    /// What a claim made after its own transaction's writes adds to <see cref="ClaimableTerms"/>: an enqueue's
    /// hand-off claim runs after the insert, so its transaction id was taken before the statement's snapshot, and a
    /// row whose last change committed in between has a younger id. Its claimed event would sort before that
    /// change's (docs/architecture.md), so the hand-off leaves such a row to the next claim.
    /// </summary>
    private const string NoYoungerWriterTerm =
        " AND (e.last_event_tx IS NULL OR e.last_event_tx <= pg_current_xact_id())";

    public async Task<IReadOnlyList<Execution>> ClaimExecutionsAsync(ClaimExecutionsParams p, CancellationToken ct)
    {
        await using var batch = _dataSource.CreateBatch();
        batch.BatchCommands.Add(ClaimCommand(p, afterOwnWrites: false));
        await using var r = await batch.ExecuteReaderAsync(ct);
        return ClaimOrder.Sort(await ExecutionRows.ReadAllAsync(r, ct));
    }

    /// <summary>The claim statement for <paramref name="p"/>, bound (see <see cref="NoYoungerWriterTerm"/>).</summary>
    private NpgsqlBatchCommand ClaimCommand(ClaimExecutionsParams p, bool afterOwnWrites)
    {
        var now = Now(p.Now);
        var cmd = new NpgsqlBatchCommand();
        var terms = ClaimableTerms + (p.ExecutionId is null ? FilterSql.For(p.Filter, cmd.Parameters) : " AND e.id = @id") +
                    (afterOwnWrites ? NoYoungerWriterTerm : "");
        cmd.CommandText = ClaimStatement(terms, p.Limit);
        BindClaim(cmd.Parameters.With("@t", p.TenantId), now, p.WorkerId, p.LeaseSeconds);
        if (p.ExecutionId is { } claimId) cmd.Parameters.With("@id", claimId);
        return cmd;
    }

    /// <summary>What every claim statement binds besides its terms' own parameters.</summary>
    private static void BindClaim(
        NpgsqlParameterCollection parameters, DateTimeOffset now, string workerId, int leaseSeconds) =>
        parameters.With("@now", now).With("@worker", workerId).With("@lease", leaseSeconds)
            .With("@lease_expires_at", now.AddSeconds(leaseSeconds)).With("@key", ClaimKey());

    /// <summary>
    /// The secret one claim's tokens are made from: 128 bits from the operating system's secure random source, drawn
    /// for each claim statement, never stored and never returned to a caller. A row's token is the first 128 bits of
    /// SHA-256 over this key and the row's <c>seq</c>, as 32 lowercase hex digits (the form SQLite's
    /// <c>hex(randomblob(16))</c> gives): without the key, one token says nothing about another. Two
    /// <c>gen_random_uuid()</c> calls per row were a sixth of a claim of 100 (about 9 µs a row, pgbench); the hash
    /// costs about what a constant token does. Tokens drawn in .NET and passed as an array cost as little to run, but
    /// in the run measured PostgreSQL then planned the claim afresh on 137 of 301 calls (0.7 ms each), where this
    /// statement kept its generic plan (7 plans).
    /// </summary>
    private static string ClaimKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public Task<Execution> HeartbeatExecutionAsync(HeartbeatExecutionParams p, CancellationToken ct) =>
        InTransactionAsync(async (c, tx) =>
        {
            var now = Now(p.Now);
            var current = await ReadForUpdateAsync(c, tx, p.TenantId, p.ExecutionId, ct);
            ExecutionRules.CheckHeartbeat(current, p.WorkerId, p.ClaimToken);
            var lease = p.LeaseSeconds ?? current!.LeaseSeconds ?? BatonOptions.DefaultLeaseSeconds;
            await using var cmd = new NpgsqlCommand($"""
                    UPDATE executions e SET
                        lease_seconds = @lease, lease_expires_at = @expires, last_heartbeat_at = @now,
                        progress = coalesce(@progress, e.progress), updated_at = @now
                    WHERE e.seq = @seq AND e.status = 'delivering' AND e.claim_token IS NOT DISTINCT FROM @token
                    RETURNING {ExecutionRows.Columns}
                    """, c, tx)
                .With("@lease", lease).With("@expires", now.AddSeconds(lease)).With("@now", now)
                .With("@progress", NpgsqlDbType.Text, p.ProgressJson).With("@seq", current!.Sequence)
                .With("@token", NpgsqlDbType.Text, current.ClaimToken);
            return await ExecutionRows.ReadOneAsync(cmd, ct) ?? throw Errors.ClaimLost();
        }, ct);
}
