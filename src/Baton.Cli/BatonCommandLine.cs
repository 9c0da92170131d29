using System.CommandLine;
using Baton.Cli.Commands;

namespace Baton.Cli;

/// <summary>
/// The <c>baton</c> command tree. Each command lives in <c>Commands/</c> as one class with a <c>Create</c> method;
/// client commands (enqueue, claim, …) join here as they arrive.
/// </summary>
public static class BatonCommandLine
{
    public const string Description = """
        Baton: a self-hosted work-coordination server for AI agents and ordinary workers.
        Put work in, let workers claim it under a lease, heartbeat, and report an outcome with evidence.

        Start a server with `baton serve` (http://127.0.0.1:8420, SQLite in ./baton-data), then talk to its
        HTTP API (/v1) with your API key as `Authorization: Bearer <key>`.
        """;

    public static RootCommand Create()
    {
        var root = new RootCommand(Description);
        root.Subcommands.Add(ServeCommand.Create());
        return root;
    }
}
