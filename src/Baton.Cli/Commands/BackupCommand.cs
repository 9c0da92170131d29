using System.CommandLine;
using Baton.Cli.Invocation;
using Baton.Server;
using Baton.Storage.Sqlite;

namespace Baton.Cli.Commands;

/// <summary>
/// <c>baton backup --to FILE</c> and <c>baton restore --from FILE</c>: the embedded SQLite database, copied with the
/// online backup API (safe while <c>baton serve</c> runs) and put back into a data directory. PostgreSQL deployments
/// use pg_dump / point-in-time recovery instead (docs/deployment.md).
/// </summary>
public static class BackupCommand
{
    public static Command CreateBackup()
    {
        var to = new Option<string>("--to") { Description = "The backup file to write (replaced if it exists).", HelpName = "file", Required = true };
        var dataDirectory = DataDirectoryOption();
        var command = new Command("backup", "Copy the SQLite database to a file, consistent to one commit, while the server keeps serving.")
        {
            to, dataDirectory,
        };
        command.SetAction(async (parse, ct) =>
        {
            var source = DatabasePath(parse.GetRequiredValue(dataDirectory));
            var target = Path.GetFullPath(parse.GetRequiredValue(to));
            return await RunAsync(parse, () => SqliteBackup.BackupAsync(source, target, ct), $"Backed up {source} to {target}.");
        });
        return command;
    }

    public static Command CreateRestore()
    {
        var from = new Option<string>("--from") { Description = "A file written by `baton backup`.", HelpName = "file", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace an existing database (stop the server first)." };
        var dataDirectory = DataDirectoryOption();
        var command = new Command("restore", "Put a backup in place as the data directory's database; start `baton serve` on it afterwards.")
        {
            from, force, dataDirectory,
        };
        command.SetAction(async (parse, ct) =>
        {
            var source = Path.GetFullPath(parse.GetRequiredValue(from));
            var target = DatabasePath(parse.GetRequiredValue(dataDirectory));
            return await RunAsync(parse, () => SqliteBackup.RestoreAsync(source, target, parse.GetValue(force), ct),
                $"Restored {source} to {target}.");
        });
        return command;
    }

    private static Option<string> DataDirectoryOption() => new("--data-dir")
    {
        Description = "The server's data directory (holds baton.db). Env: BATON_DATA_DIR.",
        HelpName = "path",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BATON_DATA_DIR") is { Length: > 0 } env
            ? env
            : ServeCommand.DefaultDataDirectory,
    };

    private static string DatabasePath(string dataDirectory) =>
        Path.Combine(Path.GetFullPath(dataDirectory), BatonServerHost.DatabaseFileName);

    private static async Task<int> RunAsync(ParseResult parse, Func<Task> work, string done)
    {
        try
        {
            await work();
            parse.InvocationConfiguration.Output.WriteLine(done);
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException
                                      or Microsoft.Data.Sqlite.SqliteException)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync("error: " + e.Message);
            return ExitCodes.UserError;
        }
    }
}
