using System.CommandLine;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Output;
using Baton.Cli.Parsing;
using Baton.Client;
using Baton.Contracts.Serialization;

namespace Baton.Cli.Commands.Tasks;

/// <summary><c>baton ls</c> (alias <c>tasks</c>): a table of tasks under a header of counts per status.</summary>
public static class ListCommand
{
    public static Command Create()
    {
        var status = ValidatedOptions.Status("Only tasks in these statuses (comma-separated or repeated).");
        var queue = ValidatedOptions.Queue("Only tasks in this queue.");
        var task = ValidatedOptions.Text("--task", "Only tasks with this handler name.", 255, "task");
        var runId = ValidatedOptions.RunId("Only tasks of this run.");
        var tag = ValidatedOptions.Text("--tag", "Only tasks carrying this tag.", 64, "tag");
        var workerId = ValidatedOptions.Text("--worker-id", "Only tasks claimed by this worker.", 255, "worker");
        var limit = ValidatedOptions.Int("--limit", "Show at most this many tasks (1–100, default 20), newest first.", 1, 100);
        var offset = ValidatedOptions.Int("--offset", "Skip this many tasks first, to page through.", 0, int.MaxValue);
        var wide = new Option<bool>("--wide", "-w") { Description = "Full task ids instead of their last 12 characters (--quiet and --json always print full ids)." };

        var command = new Command("ls", "List tasks, newest first, under a header of counts per status over the same filters.")
        {
            status, queue, task, runId, tag, workerId, limit, offset, wide,
        };
        command.Aliases.Add("tasks");
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var p = context.Parse;
            var page = await context.Client.ListExecutionsAsync(new ExecutionListQuery
            {
                Statuses = p.GetValue(status) is { Length: > 0 } s ? s : null,
                Queue = p.GetValue(queue),
                Task = p.GetValue(task),
                RunId = p.GetValue(runId),
                Tag = p.GetValue(tag),
                WorkerId = p.GetValue(workerId),
                Limit = p.GetValue(limit),
                Offset = p.GetValue(offset),
            }, ct);
            var fields = (JsonObject)WireJson.Node(page, BatonJson.Default.ExecutionListResponse);
            return new CommandResult
            {
                Fields = fields,
                Text = console => TextViews.ExecutionTable(console, page, p.GetValue(wide)),
                QuietLines = [.. page.Executions.Select(e => e.Id.ToString())],
            };
        });
        return command;
    }
}
