using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Output;
using Baton.Cli.Parsing;
using Baton.Client;
using Baton.Contracts.Serialization;

namespace Baton.Cli.Commands.Events;

/// <summary>
/// <c>baton events tail</c>: follows the Server-Sent Events stream until Ctrl-C (or SIGTERM), then exits 0. In JSON
/// mode each event is one line, and the closing envelope is the last line.
/// </summary>
public static class EventsTailCommand
{
    public static Command Create()
    {
        var runId = ValidatedOptions.RunId("Only events of this run.");
        var queue = ValidatedOptions.Queue("Only events of this queue.");
        var executionId = new Option<Guid?>("--execution-id") { Description = "Only events of this task.", HelpName = "id" };
        var since = ValidatedOptions.Text("--since", "Start after this cursor (an event's cursor field); default: the oldest event the server keeps.", 200, "cursor");
        var count = ValidatedOptions.Int("--count", "Stop after this many events instead of following until Ctrl-C.", 1, int.MaxValue);
        var command = new Command("tail", "Print events as they happen (Server-Sent Events) until Ctrl-C. With --json, one JSON event per line.")
        {
            runId, queue, executionId, since, count,
        };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var p = context.Parse;
            var query = new EventQuery { RunId = p.GetValue(runId), Queue = p.GetValue(queue), ExecutionId = p.GetValue(executionId) };
            var stopAfter = p.GetValue(count);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            // Ctrl-C and SIGTERM end the tail cleanly (exit 0 and, in JSON mode, the closing envelope).
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            void Stop(PosixSignalContext signal)
            {
                signal.Cancel = true;
                // Not Cancel(): that would run the rest of the tail (its reads' continuations, the closing output)
                // inline on the runtime's signal-handling thread, inside this handler.
                _ = stop.CancelAsync();
            }

            var received = 0;
            string? cursor = p.GetValue(since);
            // The stream reconnects quietly after a drop; one plain request first makes a wrong URL, a server that is
            // down or a bad key fail at once with its exit code instead of retrying forever.
            await context.Client.ListEventsAsync(cursor, query with { Limit = 1 }, ct: ct);
            try
            {
                await foreach (var e in context.Client.StreamEventsAsync(cursor, query, stop.Token))
                {
                    received++;
                    cursor = e.Cursor;
                    if (context.Output.IsJson) context.Output.WriteJsonLine(WireJson.Node(e, BatonJson.Default.EventResponse));
                    else if (!context.Output.IsQuiet) TextViews.EventLine(context.Output.Console, e);
                    if (received == stopAfter) break;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Ctrl-C: the normal way to end a tail.
            }

            return new CommandResult
            {
                Fields = new JsonObject { ["events_received"] = received, ["next_cursor"] = cursor },
                Text = _ => { },
            };
        });
        return command;
    }
}
