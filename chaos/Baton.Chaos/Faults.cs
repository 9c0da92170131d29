using Npgsql;

namespace Baton.Chaos;

/// <summary>A fault the runner can inject: its name and how to do it (the task ends when the system is whole again).</summary>
public sealed record Fault(string Name, Func<Random, CancellationToken, Task<string>> InjectAsync);

/// <summary>
/// The faults of each store. Each one returns what it did, for the history. Nodes and workers that are killed are
/// started again after <see cref="Downtime"/>; PostgreSQL comes back after the same.
/// </summary>
public static class Faults
{
    public static readonly TimeSpan Downtime = TimeSpan.FromSeconds(2);

    /// <summary>The leader TTL the nodes run with; a pause outlasts it, so a stale leader wakes up to a successor.</summary>
    public const int LeaderTtlSeconds = 3;

    public static Fault KillNode(ServerNodes nodes) => new("SIGKILL a node", async (random, ct) =>
    {
        var node = random.Next(nodes.Count);
        await nodes.KillAsync(node);
        await Task.Delay(Downtime, ct);
        await nodes.StartAsync(node);
        return $"node {node}";
    });

    public static Fault PauseLeader(ServerNodes nodes, string connectionString) => new("SIGSTOP the leader past its TTL", async (random, ct) =>
    {
        var holder = await LeaderAsync(connectionString, ct);
        var node = holder is { } h && int.TryParse(h.AsSpan("node-".Length), out var n) ? n : random.Next(nodes.Count);
        await nodes.PauseAsync(node, TimeSpan.FromSeconds(LeaderTtlSeconds + 2), ct);
        return $"node {node} paused {LeaderTtlSeconds + 2} s (leader: {holder ?? "none"})";
    });

    public static Fault KillWorker(WorkerDaemons workers) => new("SIGKILL a worker mid-handler", async (random, ct) =>
    {
        var worker = random.Next(workers.Count);
        await workers.KillAsync(worker);
        await Task.Delay(Downtime, ct);
        await workers.StartAsync(worker);
        return $"worker {worker}";
    });

    public static Fault RestartPostgres(Baton.Testing.PostgresCluster cluster) => new("PostgreSQL restart -m immediate", async (_, _) =>
    {
        await cluster.CrashAndRestartAsync(Downtime);
        return "down " + Downtime.TotalSeconds + " s";
    });

    public static Fault TerminateBackends(string adminConnectionString, string database) => new("pg_terminate_backend of Baton's connections", async (_, ct) =>
    {
        await using var db = new NpgsqlConnection(Unpooled(adminConnectionString));
        await db.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", db);
        cmd.Parameters.AddWithValue("db", database);
        return $"{await cmd.ExecuteScalarAsync(ct)} connections";
    });

    /// <summary>
    /// A writer in another database of the same server holds a transaction open (started in the background; the
    /// fault returns at once, the transaction commits after <paramref name="holdFor"/>).
    /// </summary>
    public static Fault LongForeignTransaction(string adminConnectionString, TimeSpan holdFor, List<Task> background) =>
        new("a long transaction in another database", (_, _) =>
        {
            background.Add(Task.Run(async () =>
            {
                try
                {
                    await using var db = new NpgsqlConnection(Unpooled(adminConnectionString));
                    await db.OpenAsync();
                    await using var tx = await db.BeginTransactionAsync();
                    await using var cmd = new NpgsqlCommand(
                        $"CREATE TABLE chaos_{Guid.NewGuid():N} (x int); SELECT pg_sleep({holdFor.TotalSeconds})", db, tx);
                    await cmd.ExecuteNonQueryAsync();
                    await tx.CommitAsync();
                }
                catch (Exception e) when (e is NpgsqlException or IOException)
                {
                    // A PostgreSQL restart injected meanwhile ends it: the fault still happened.
                }
            }));
            return Task.FromResult($"{holdFor.TotalSeconds} s open");
        });

    /// <summary>
    /// Fills the filesystem that holds the SQLite database (a small tmpfs the runner mounted) to the last byte, keeps
    /// it full for <paramref name="fullFor"/>, then frees it.
    /// </summary>
    public static Fault FillDisk(string directory, TimeSpan fullFor) => new("disk full", async (_, ct) =>
    {
        var filler = Path.Combine(directory, "filler");
        long written = 0;
        try
        {
            await using (var file = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                var block = new byte[1 << 20];
                try
                {
                    while (true)
                    {
                        await file.WriteAsync(block, ct);
                        written += block.Length;
                    }
                }
                catch (IOException)
                {
                    // ENOSPC: full. The last partial block may have landed; what matters is that nothing is left.
                }
            }

            await Task.Delay(fullFor, ct);
        }
        catch (IOException)
        {
            // Disposing the filler can fail to flush on a full disk; it is deleted below either way.
        }
        finally
        {
            File.Delete(filler);
        }

        return $"{written / (1 << 20)} MiB filler held {fullFor.TotalSeconds} s";
    });

    private static async Task<string?> LeaderAsync(string connectionString, CancellationToken ct)
    {
        try
        {
            await using var db = new NpgsqlConnection(Unpooled(connectionString));
            await db.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand("SELECT holder FROM leader_leases WHERE expires_at > now()", db);
            return await cmd.ExecuteScalarAsync(ct) as string;
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }

    /// <summary>
    /// A fault's own connection is opened fresh each time: a pooled one kept from before a PostgreSQL restart or a
    /// <c>pg_terminate_backend</c> (faults this suite injects) is dead, and the pool would hand it out unchecked.
    /// </summary>
    private static string Unpooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
}
