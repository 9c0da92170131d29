using Baton.Core;
using Baton.Core.Alerts;
using Baton.Core.Storage;
using Baton.Core.Usage;
using Npgsql;
using NpgsqlTypes;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string AlertColumns = "id, tenant_id, cue_id, execution_id, alert_type, severity, message, created_at";

    private const string AlertFilter = """
        WHERE tenant_id = @t AND (@type::text IS NULL OR alert_type = @type)
          AND (@since::timestamptz IS NULL OR created_at >= @since)
        """;

    public async Task<AlertPage> ListAlertsAsync(ListAlertsParams p, CancellationToken ct)
    {
        await using var list = _dataSource.CreateCommand(
                $"SELECT {AlertColumns} FROM alerts {AlertFilter} ORDER BY seq DESC LIMIT @limit OFFSET @offset")
            .With("@t", p.TenantId).With("@type", NpgsqlDbType.Text, p.AlertType)
            .With("@since", NpgsqlDbType.TimestampTz, Pg.Micros(p.Since)).With("@limit", p.Limit).With("@offset", p.Offset);
        var alerts = new List<Alert>();
        await using (var r = await list.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                alerts.Add(ReadAlert(r));
            }
        }

        await using var count = _dataSource.CreateCommand($"SELECT count(*) FROM alerts {AlertFilter}")
            .With("@t", p.TenantId).With("@type", NpgsqlDbType.Text, p.AlertType)
            .With("@since", NpgsqlDbType.TimestampTz, Pg.Micros(p.Since));
        return new AlertPage(alerts, (long)(await count.ExecuteScalarAsync(ct))!);
    }

    /// <summary>An alert from a row that starts with <see cref="AlertColumns"/>.</summary>
    private static Alert ReadAlert(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.NullableString(2), r.IsDBNull(3) ? null : r.GetGuid(3),
            r.GetString(4), r.GetString(5), r.GetString(6), r.Time(7));

    public async Task<TenantUsage> GetTenantUsageAsync(GetTenantUsageParams p, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand("""
                SELECT (SELECT count(*) FROM cues WHERE tenant_id = @t AND status = 'active'),
                       CASE WHEN @month::timestamptz IS NULL THEN 0
                            ELSE (SELECT count(*) FROM executions WHERE tenant_id = @t AND created_at >= @month) END
                """)
            .With("@t", p.TenantId).With("@month", NpgsqlDbType.TimestampTz, Pg.Micros(p.MonthStart));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new TenantUsage(r.GetInt64(0), r.GetInt64(1));
    }

    /// <summary>
    /// Raises <paramref name="alert"/> unless one of its type about the same cue (without a cue: the same execution)
    /// was raised within the dedup window. Returns 1 when raised.
    /// </summary>
    private static async Task<int> InsertAlertAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, NewAlert alert, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
                INSERT INTO alerts ({AlertColumns})
                SELECT @id, @t, @cue, @e, @type, @severity, @message, @now
                WHERE NOT EXISTS (
                    SELECT 1 FROM alerts
                    WHERE tenant_id = @t AND alert_type = @type AND created_at > @since
                      AND ((@cue::text IS NOT NULL AND cue_id = @cue)
                           OR (@cue::text IS NULL AND execution_id IS NOT DISTINCT FROM @e)))
                """, c, tx)
            .With("@id", "alt_" + Ids.RandomToken(12)).With("@t", alert.TenantId)
            .With("@cue", NpgsqlDbType.Text, alert.CueId).With("@e", NpgsqlDbType.Uuid, alert.ExecutionId)
            .With("@type", alert.AlertType).With("@severity", alert.Severity).With("@message", alert.Message)
            .With("@now", now).With("@since", Pg.Micros(now - AlertTypes.DedupWindow));
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
