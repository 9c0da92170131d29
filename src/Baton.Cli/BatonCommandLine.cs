using System.CommandLine;
using Baton.Cli.Commands;
using Baton.Cli.Commands.Account;
using Baton.Cli.Commands.Agents;
using Baton.Cli.Commands.Cues;
using Baton.Cli.Commands.Events;
using Baton.Cli.Commands.Messages;
using Baton.Cli.Commands.Runs;
using Baton.Cli.Commands.Tasks;
using Baton.Cli.Commands.Worker;
using Baton.Cli.Invocation;

namespace Baton.Cli;

/// <summary>The <c>baton</c> command tree. Each command lives in <c>Commands/</c> as one class with a <c>Create</c> method.</summary>
public static class BatonCommandLine
{
    public const string Description = $"""
        Baton: a self-hosted work-coordination server for AI agents and ordinary workers.
        Put work in, let workers claim it under a lease, heartbeat, and report an outcome with evidence.

        Start a server with `baton serve` (http://127.0.0.1:8420, SQLite in ./baton-data), then use the other
        commands (or the HTTP API, /v1) with your API key: --api-key, BATON_API_KEY, or `baton login --api-key KEY`.
        Every client command takes --server, --api-key, --json (or --format json) and --quiet.

        {ExitCodes.Summary}
        """;

    public static RootCommand Create()
    {
        var root = new RootCommand(Description);
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(BackupCommand.CreateBackup());
        root.Subcommands.Add(BackupCommand.CreateRestore());
        root.Subcommands.Add(EnqueueCommand.Create());
        root.Subcommands.Add(ClaimCommand.Create());
        root.Subcommands.Add(HeartbeatCommand.Create());
        root.Subcommands.Add(CompleteCommand.Create());
        root.Subcommands.Add(FailCommand.Create());
        root.Subcommands.Add(ReleaseCommand.Create());
        root.Subcommands.Add(CancelCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(ShowCommand.Create());
        root.Subcommands.Add(WaitCommand.Create());
        root.Subcommands.Add(ListCommand.Create());
        root.Subcommands.Add(RunsCommand.Create());
        root.Subcommands.Add(CuesCommand.Create());
        root.Subcommands.Add(EventsCommand.Create());
        root.Subcommands.Add(AgentsCommand.Create());
        root.Subcommands.Add(MessagesCommand.Create());
        root.Subcommands.Add(RegisterCommand.Create());
        root.Subcommands.Add(LoginCommand.Create());
        root.Subcommands.Add(WhoamiCommand.Create());
        root.Subcommands.Add(WorkersCommand.Create());
        root.Subcommands.Add(CompletionCommand.Create());
        root.Subcommands.Add(McpCommand.Create());
        root.Subcommands.Add(WorkerCommand.Create());
        return root;
    }
}
