using Microsoft.Data.Sqlite;
using Npgsql;

namespace Baton.Bench;

/// <summary>
/// The burn-down loop of the physical reference, once for every table it runs on (the minimum queue and Baton's own
/// tables driven by bare statements): claim a batch with one statement, mark it done with another, until a claim
/// comes back empty. Each statement is its own implicit transaction with a synchronous commit, as Baton's claims
/// and outcome batches are. Only the statements differ between the tables.
/// </summary>
internal static class ClaimFinishLoop
{
    /// <summary>
    /// <paramref name="claimers"/> concurrent claimers, each on its own connection. <paramref name="claimSql"/>
    /// returns the claimed ids (bigint) and may use <c>@w</c>, the claimer's name; <paramref name="finishSql"/>
    /// marks <c>@ids</c> (bigint[]) done. Returns how many jobs were finished in all.
    /// </summary>
    public static async Task<int> PostgresAsync(NpgsqlDataSource source, int claimers, string claimSql, string finishSql) =>
        (await Task.WhenAll(Enumerable.Range(0, claimers).Select(k => Task.Run(async () =>
        {
            var done = 0;
            await using var c = await source.OpenConnectionAsync();
            await using var claim = new NpgsqlCommand(claimSql, c);
            claim.Parameters.AddWithValue("w", "w" + k);
            await using var finish = new NpgsqlCommand(finishSql, c);
            var ids = new NpgsqlParameter<long[]>("ids", []);
            finish.Parameters.Add(ids);
            while (true)
            {
                var claimed = new List<long>();
                await using (var r = await claim.ExecuteReaderAsync())
                {
                    while (await r.ReadAsync()) claimed.Add(r.GetInt64(0));
                }

                if (claimed.Count == 0) return done;
                ids.TypedValue = [.. claimed];
                await finish.ExecuteNonQueryAsync();
                done += claimed.Count;
            }
        })))).Sum();

    /// <summary>
    /// One claimer on one connection (SQLite has one writer, as in Baton). <paramref name="claimSql"/> returns the
    /// claimed ids; <paramref name="finishSql"/> is given them as a comma list. Both may use <c>$now</c>, the time
    /// in Unix microseconds as Baton's SQLite driver stores it.
    /// </summary>
    public static int Sqlite(SqliteConnection c, string claimSql, Func<string, string> finishSql)
    {
        var done = 0;
        while (true)
        {
            var now = (DateTimeOffset.UtcNow.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / 10;
            var claimed = new List<long>();
            using (var claim = c.CreateCommand())
            {
                claim.CommandText = claimSql;
                claim.Parameters.AddWithValue("$now", now);
                using var r = claim.ExecuteReader();
                while (r.Read()) claimed.Add(r.GetInt64(0));
            }

            if (claimed.Count == 0) return done;
            using var finish = c.CreateCommand();
            finish.CommandText = finishSql(string.Join(',', claimed));
            finish.Parameters.AddWithValue("$now", now);
            finish.ExecuteNonQuery();
            done += claimed.Count;
        }
    }
}
