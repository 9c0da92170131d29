using System.CommandLine;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Output;
using Baton.Cli.Parsing;
using Baton.Client;
using Baton.Contracts.Serialization;
using Spectre.Console;

namespace Baton.Cli.Commands.Messages;

/// <summary>
/// <c>baton messages inbox [--agent AGENT] [--wait SECONDS] …</c>: the agent's unread messages, highest priority
/// first. The queued ones it returns become delivered, so two readers never both get a message as new. With --wait
/// an empty inbox is a chain of server-side long-polls (no polling here) that ends the moment a message arrives.
/// </summary>
public static class MessagesInboxCommand
{
    /// <summary>The longest --wait; each request still parks at most 60 s on the server.</summary>
    private const int MaxWaitSeconds = 86_400;

    private static readonly string[] States = ["queued", "delivered", "read", "acked", "expired"];

    public static Command Create()
    {
        var agent = AgentOptions.Acting("--agent", "Whose inbox (slug or agt_ id).");
        var state = ValidatedOptions.Words("--state", "Only messages in these states, comma-separated (default: unread, i.e. queued,delivered).",
            string.Join('|', States), "a delivery state", States);
        var thread = ValidatedOptions.Text("--thread", "Only messages of this thread (a thread id is its first message's id).", AgentOptions.ReferenceLength, "msg");
        var sender = ValidatedOptions.Text("--sender", "Only messages from this agent (slug or agt_ id).", AgentOptions.ReferenceLength, "agent");
        var since = new Option<DateTimeOffset?>("--since")
        {
            Description = "Only messages sent after this ISO-8601 time.",
            HelpName = "time",
            CustomParser = r =>
            {
                if (ValidatedOptions.TryParseTime(r.Tokens[0].Value, DateTimeOffset.UtcNow, out var at)) return at;
                r.AddError($"--since must be an ISO-8601 time (2026-11-23T09:00:00Z), not '{r.Tokens[0].Value}'.");
                return null;
            },
        };
        var limit = ValidatedOptions.Int("--limit", "Return at most this many messages (1–200, default 50).", 1, 200);
        var offset = ValidatedOptions.Int("--offset", "Skip this many messages first, to page through.", 0, int.MaxValue);
        var wait = ValidatedOptions.Int("--wait", $"When nothing matches, wait up to this many seconds for a message to arrive (0–{MaxWaitSeconds}); exit 4 if none does.",
            0, MaxWaitSeconds, "seconds");
        var command = new Command("inbox", $"""
            List an agent's unread messages, highest priority first (the agent is --agent, else {AgentOptions.EnvironmentVariable}).
            The queued messages listed become delivered. With --wait SECONDS an empty inbox waits for the next message and
            prints it the moment it arrives (exit 4 if none arrives in time).
            """)
        {
            agent, state, thread, sender, since, limit, offset, wait,
        };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var p = context.Parse;
            var reader = AgentOptions.Resolve(p, agent);
            var query = new InboxQuery
            {
                State = p.GetValue(state) is { Length: > 0 } states ? string.Join(',', states) : null,
                ThreadId = p.GetValue(thread),
                Counterpart = p.GetValue(sender),
                Since = p.GetValue(since),
                Limit = p.GetValue(limit),
                Offset = p.GetValue(offset),
            };
            var waitSeconds = p.GetValue(wait);
            var page = waitSeconds is > 0
                ? await LiveWait.RunAsync(context.Output, TimeSpan.FromSeconds(waitSeconds.Value),
                    (slice, token) => context.Client.WaitForInboxAsync(reader, query, slice, token),
                    m => m.Messages.Count > 0,
                    _ => $"waiting for a message to {reader}", ct)
                : await context.Client.ReadInboxAsync(reader, query, ct);
            var timedOut = waitSeconds is > 0 && page.Messages.Count == 0;
            var fields = (JsonObject)WireJson.Node(page, BatonJson.Default.MessageListResponse);
            fields["agent"] = reader;
            if (waitSeconds is > 0) fields["timed_out"] = timedOut;
            return new CommandResult
            {
                ExitCode = timedOut ? ExitCodes.WaitTimedOut : ExitCodes.Success,
                Fields = fields,
                Text = console =>
                {
                    if (timedOut) console.WriteLine($"No message for {reader} arrived in {waitSeconds} s.");
                    else MessageViews.MessageTable(console, page, reader);
                },
                QuietLines = [.. page.Messages.Select(m => m.Id)],
            };
        });
        return command;
    }
}
