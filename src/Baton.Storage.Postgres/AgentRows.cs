using Baton.Core.Messaging;
using Npgsql;

namespace Baton.Storage.Postgres;

/// <summary>The agents columns every query selects, and the reader for them: one list, read by position.</summary>
internal static class AgentRows
{
    public const string Columns =
        "id, tenant_id, slug, display_name, webhook_url, webhook_secret, metadata::text, status, created_at, updated_at, deleted_at";

    public static Agent Read(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.NullableString(4), r.NullableString(5),
        r.GetString(6), r.GetString(7), r.Time(8), r.Time(9), r.NullableTime(10));

    public static async Task<Agent?> ReadOneAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? Read(r) : null;
    }
}
