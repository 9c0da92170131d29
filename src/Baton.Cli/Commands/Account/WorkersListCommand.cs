using System.CommandLine;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Output;
using Baton.Contracts.Serialization;

namespace Baton.Cli.Commands.Account;

/// <summary><c>baton workers ls</c>.</summary>
public static class WorkersListCommand
{
    public static Command Create()
    {
        var command = new Command("ls", "List workers with their heartbeat status (active < 180 s, stale < 900 s, else dead), handlers and claimed tasks.");
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var workers = await context.Client.ListWorkersAsync(ct);
            return new CommandResult
            {
                Fields = (JsonObject)WireJson.Node(workers, BatonJson.Default.WorkerListResponse),
                Text = console => TextViews.WorkerTable(console, workers),
                QuietLines = [.. workers.Workers.Select(w => w.WorkerId)],
            };
        });
        return command;
    }
}
