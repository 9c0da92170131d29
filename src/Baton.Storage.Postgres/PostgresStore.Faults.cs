using System.Net.Sockets;
using Baton.Core.Storage;
using Npgsql;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore : IStoreFaults
{
    /// <summary>
    /// SQLSTATEs that mean the server cannot serve now, though the request was fine: connection exceptions (08…),
    /// the server shutting down, crashed or starting (57P01–57P03), out of disk, memory or connections (53…), and
    /// system or I/O errors (58…).
    /// </summary>
    private static bool IsOutageState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal) ||
        state.StartsWith("58", StringComparison.Ordinal) || state is "57P01" or "57P02" or "57P03";

    public bool IsOutage(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var outage = e switch
            {
                PostgresException p => IsOutageState(p.SqlState),
                // Npgsql marks a lost or refused connection (and a pool that timed out) transient.
                NpgsqlException n => n.IsTransient,
                SocketException or TimeoutException => true,
                _ => false,
            };
            if (!outage) continue;

            // After a restart every idle pooled connection is dead, and each would fail one more request when handed
            // out. Dropping them at the first sign makes the next requests open fresh ones.
            _dataSource.Clear();
            return true;
        }

        return false;
    }
}
