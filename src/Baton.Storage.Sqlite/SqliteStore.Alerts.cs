using Baton.Core;
using Baton.Core.Alerts;
using Baton.Core.Storage;
using Baton.Core.Usage;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string AlertColumns = "id, tenant_id, cue_id, execution_id, alert_type, severity, message, created_at";

    public Task<AlertPage> ListAlertsAsync(ListAlertsParams p, CancellationToken ct)
    {
        using var c = OpenReader();
        const string Where = """
            WHERE tenant_id = $t AND ($type IS NULL OR alert_type = $type) AND ($since IS NULL OR created_at >= $since)
            """;
        using var list = Db.Command(c,
                $"SELECT {AlertColumns} FROM alerts {Where} ORDER BY seq DESC LIMIT {Db.Count(p.Limit)} OFFSET {Db.Count(p.Offset)}")
            .With("$t", p.TenantId).With("$type", p.AlertType).With("$since", Db.Micros(p.Since));
        var alerts = new List<Alert>();
        using (var r = list.ExecuteReader())
        {
            while (r.Read())
            {
                alerts.Add(ReadAlert(r));
            }
        }

        using var count = Db.Command(c, $"SELECT count(*) FROM alerts {Where}")
            .With("$t", p.TenantId).With("$type", p.AlertType).With("$since", Db.Micros(p.Since));
        return Task.FromResult(new AlertPage(alerts, (long)count.ExecuteScalar()!));
    }

    /// <summary>An alert from a row that starts with <see cref="AlertColumns"/>.</summary>
    private static Alert ReadAlert(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.NullableString(2), r.IsDBNull(3) ? null : Guid.Parse(r.GetString(3)),
            r.GetString(4), r.GetString(5), r.GetString(6), Db.Time(r.GetInt64(7)));

    public Task<TenantUsage> GetTenantUsageAsync(GetTenantUsageParams p, CancellationToken ct)
    {
        using var c = OpenReader();
        using var cmd = Db.Command(c, """
                SELECT (SELECT count(*) FROM cues WHERE tenant_id = $t AND status = 'active'),
                       CASE WHEN $month IS NULL THEN 0
                            ELSE (SELECT count(*) FROM executions WHERE tenant_id = $t AND created_at >= $month) END
                """)
            .With("$t", p.TenantId).With("$month", Db.Micros(p.MonthStart));
        using var r = cmd.ExecuteReader();
        r.Read();
        return Task.FromResult(new TenantUsage(r.GetInt64(0), r.GetInt64(1)));
    }

    /// <summary>
    /// Raises <paramref name="alert"/> unless one of its type about the same cue (without a cue: the same execution)
    /// was raised within the dedup window. Returns 1 when raised.
    /// </summary>
    private int InsertAlert(SqliteTransaction tx, NewAlert alert, DateTimeOffset now)
    {
        using var cmd = WriteCommand(tx, $"""
                INSERT INTO alerts ({AlertColumns})
                SELECT $id, $t, $cue, $e, $type, $severity, $message, $now
                WHERE NOT EXISTS (
                    SELECT 1 FROM alerts
                    WHERE tenant_id = $t AND alert_type = $type AND created_at > $since
                      AND (($cue IS NOT NULL AND cue_id = $cue) OR ($cue IS NULL AND execution_id IS $e)))
                """)
            .With("$id", "alt_" + Ids.RandomToken(12)).With("$t", alert.TenantId).With("$cue", alert.CueId)
            .With("$e", alert.ExecutionId?.ToString("D")).With("$type", alert.AlertType)
            .With("$severity", alert.Severity).With("$message", alert.Message).With("$now", Db.Micros(now))
            .With("$since", Db.Micros(now - AlertTypes.DedupWindow));
        return cmd.ExecuteNonQuery();
    }
}
