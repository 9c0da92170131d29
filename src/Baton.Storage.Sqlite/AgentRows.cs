using Baton.Core.Messaging;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>The agents columns every query selects, and the reader for them: one list, read by position.</summary>
internal static class AgentRows
{
    public const string Columns =
        "id, tenant_id, slug, display_name, webhook_url, webhook_secret, metadata, status, created_at, updated_at, deleted_at";

    public static Agent Read(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.NullableString(4), r.NullableString(5),
        r.GetString(6), r.GetString(7), Db.Time(r.GetInt64(8)), Db.Time(r.GetInt64(9)), r.NullableTime(10));
}
