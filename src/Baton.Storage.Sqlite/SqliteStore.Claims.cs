using Baton.Core;
using Baton.Core.Events;
using Baton.Core.Executions;
using Baton.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// What makes a row claimable by a worker. <c>status IN ('pending', 'retrying') AND transport = 'worker'</c>
    /// must stay word for word the partial indexes' WHERE, or SQLite will not use them; webhook executions are
    /// the dispatcher's alone. The unclaimed window (<c>expires_at</c>) only bounds work that was never claimed:
    /// once claimed, a retry or a rescued lease may run after it (else it would be stuck).
    /// </summary>
    private const string ClaimableTerms =
        "tenant_id = $t AND status IN ('pending', 'retrying') AND transport = 'worker' AND available_at <= $now " +
        "AND (expires_at IS NULL OR expires_at > $now OR attempts > 0)";

    /// <summary>
    /// SQLite cannot lock rows, so the claim runs inside <c>BEGIN IMMEDIATE</c>, whose write lock makes
    /// select-and-mark atomic across every connection and process: a <c>SELECT … LIMIT n</c> picks the rows (and
    /// says which status each leaves, for the counters), then this one <c>UPDATE … RETURNING</c> marks them. Each
    /// claimed row gets its own 128-bit random token from SQLite's CSPRNG.
    /// </summary>
    private static readonly string ClaimPickedSql = $"""
        UPDATE executions SET
            status = 'delivering', attempts = attempts + 1, claimed_by_worker = $worker,
            claim_token = lower(hex(randomblob(16))), lease_seconds = $lease,
            lease_expires_at = $now + $lease * 1000000, last_heartbeat_at = NULL, progress = NULL,
            next_retry = NULL, started_at = coalesce(started_at, $now), delivered_at = $now,
            last_attempt_at = $now, updated_at = $now
        WHERE seq IN (SELECT value FROM json_each($seqs))
        RETURNING {ExecutionRows.Columns}
        """;

    public Task<IReadOnlyList<Execution>> ClaimExecutionsAsync(ClaimExecutionsParams p, CancellationToken ct) =>
        WriteAsync(tx => ClaimInTransaction(tx, p), ct);

    /// <summary>The claim itself, inside a caller's write transaction (an enqueue's hand-off runs it too).</summary>
    private IReadOnlyList<Execution> ClaimInTransaction(SqliteTransaction tx, ClaimExecutionsParams p)
    {
        using var filter = new SqliteCommand(); // collects the filter's parameters while its text is built
        var pick = PreparedWriteCommand(tx, p.ExecutionId is not null
            ? $"SELECT seq, status FROM executions WHERE {ClaimableTerms} AND id = $id"
            : $"SELECT seq, status FROM executions WHERE {ClaimableTerms}" + ClaimFilterSql.For(p.Filter, filter) +
              " ORDER BY priority DESC, available_at, seq LIMIT " + Db.Count(p.Limit));
        foreach (SqliteParameter prm in filter.Parameters) pick.With(prm.ParameterName, prm.Value);
        var now = Now(p.Now);
        pick.With("$t", p.TenantId).With("$now", Db.Micros(now));
        if (p.ExecutionId is { } claimId) pick.With("$id", claimId.ToString("D"));
        return ClaimPicked(tx, pick, p.WorkerId, p.LeaseSeconds, now);
    }

    /// <summary>Marks the rows <paramref name="pick"/> selects (seq, status) claimed by <paramref name="workerId"/>.</summary>
    private List<Execution> ClaimPicked(SqliteTransaction tx, SqliteCommand pick, string workerId, int leaseSeconds, DateTimeOffset now)
    {
        var from = new Dictionary<long, ExecutionStatus>();
        using (var r = pick.ExecuteReader())
        {
            while (r.Read()) from[r.GetInt64(0)] = ExecutionStatusNames.Parse(r.GetString(1));
        }

        if (from.Count == 0) return [];
        var mark = PreparedWriteCommand(tx, ClaimPickedSql).With("$seqs", Db.Json([.. from.Keys]))
            .With("$now", Db.Micros(now)).With("$worker", workerId).With("$lease", leaseSeconds);
        var claimed = ClaimOrder.Sort(ExecutionRows.ReadAll(mark));
        foreach (var e in claimed) StatusMoved(e, from[e.Sequence]);
        InsertEvents(tx, claimed.Select(e => NewEvent.For(e, EventTypes.ExecutionClaimed, now)));
        return claimed;
    }

    public Task<Execution> HeartbeatExecutionAsync(HeartbeatExecutionParams p, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            var now = Now(p.Now);
            var current = ReadForUpdate(tx, p.TenantId, p.ExecutionId);
            ExecutionRules.CheckHeartbeat(current, p.WorkerId, p.ClaimToken);
            var lease = p.LeaseSeconds ?? current!.LeaseSeconds ?? BatonOptions.DefaultLeaseSeconds;
            using var cmd = WriteCommand(tx, $"""
                    UPDATE executions SET
                        lease_seconds = $lease, lease_expires_at = $expires, last_heartbeat_at = $now,
                        progress = coalesce($progress, progress), updated_at = $now
                    WHERE seq = $seq AND status = 'delivering' AND claim_token IS $token
                    RETURNING {ExecutionRows.Columns}
                    """)
                .With("$lease", lease).With("$expires", Db.Micros(now.AddSeconds(lease))).With("$now", Db.Micros(now))
                .With("$progress", p.ProgressJson).With("$seq", current!.Sequence).With("$token", current.ClaimToken);
            return ExecutionRows.ReadOne(cmd) ?? throw Errors.ClaimLost();
        }, ct);
}
