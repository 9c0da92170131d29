using System.Collections.Concurrent;
using Baton.Client;
using Baton.Contracts.Executions;
using Baton.Testing;

namespace Baton.Cli.Tests;

/// <summary>
/// <c>baton backup</c> while a server is busy writing, and <c>baton restore</c> into a new data directory: a server
/// started there has every execution acknowledged before the backup began.
/// </summary>
public sealed class BackupCommandTests
{
    [Fact]
    public async Task A_backup_taken_under_load_restores_into_a_new_data_directory_with_every_acknowledged_execution()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        using var restored = new TempDirectory();
        using var backups = new TempDirectory();
        var backupFile = Path.Combine(backups.Path, "baton-backup.db");
        using var http = new HttpClient();
        var acknowledged = new ConcurrentDictionary<Guid, string>();
        string apiKey;
        List<Guid> beforeBackup;

        await using (var first = await BatonProcess.ServeAsync(data.Path, "--rate-limit", "100000"))
        {
            apiKey = first.PrintedApiKey ?? throw new InvalidOperationException("the first start printed no API key");
            var client = new BatonClient(http, await first.WaitForReadyAsync(), apiKey);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var writers = Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var e = await client.EnqueueAsync(new EnqueueExecutionRequest { Title = $"b-{w}-{i}", Task = "backup" }, CancellationToken.None);
                    acknowledged[e.Execution.Id] = e.Execution.Title!;
                }
            }, ct)).ToArray();
            while (acknowledged.Count < 100) await Task.Delay(10, ct);

            beforeBackup = [.. acknowledged.Keys];
            var backup = await Cli.RunAsync(new Dictionary<string, string>(), "backup", "--to", backupFile, "--data-dir", data.Path);
            Assert.True(backup.ExitCode == 0, backup.ToString());
            await stop.CancelAsync();
            await Task.WhenAll(writers);
            Assert.True(acknowledged.Count > beforeBackup.Count, "the writers should have kept writing during the backup");
        }

        var restore = await Cli.RunAsync(new Dictionary<string, string>(), "restore", "--from", backupFile, "--data-dir", restored.Path);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        var again = await Cli.RunAsync(new Dictionary<string, string>(), "restore", "--from", backupFile, "--data-dir", restored.Path);
        Assert.Equal(1, again.ExitCode); // an existing database is not replaced without --force

        await using var second = await BatonProcess.ServeAsync(restored.Path, "--rate-limit", "100000");
        Assert.Null(second.PrintedApiKey); // the tenant came back with the data
        var restoredClient = new BatonClient(http, await second.WaitForReadyAsync(), apiKey);
        foreach (var id in beforeBackup)
        {
            var execution = await restoredClient.GetExecutionAsync(id, ct);
            Assert.Equal(acknowledged[id], execution.Title);
        }
    }
}
