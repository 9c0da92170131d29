using System.CommandLine;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Output;
using Baton.Cli.Parsing;
using Baton.Contracts.Messaging;
using Baton.Contracts.Serialization;
using MessageLimits = Baton.Core.Messaging.Messages;

namespace Baton.Cli.Commands.Messages;

/// <summary>
/// <c>baton messages send TO BODY|- [--from AGENT] …</c>. Every limit is checked before the request, the body read
/// from standard input too, so a bad message is refused with exit 1 and nothing is sent.
/// </summary>
public static class MessagesSendCommand
{
    public const string StandardInput = "-";

    public static Command Create()
    {
        var to = AgentOptions.Reference("to", "The recipient: an agent's slug, agt_ id, or slug@tenant of your account.");
        var body = new Argument<string>("body") { Description = $"The message (1–{MessageLimits.MaxBodyLength} characters), or - to read it from standard input." };
        body.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } v && v != StandardInput) CheckBody(v, "The body", r.AddError);
        });
        var from = AgentOptions.Acting("--from", "The agent sending it (slug or agt_ id).");
        var subject = ValidatedOptions.Text("--subject", $"A subject line (≤ {MessageLimits.MaxSubjectLength} characters).", MessageLimits.MaxSubjectLength);
        var replyTo = ValidatedOptions.Text("--reply-to", "The message this answers (msg_…): the reply joins its thread.", AgentOptions.ReferenceLength, "msg");
        var priority = ValidatedOptions.Int("--priority", $"{MessageLimits.MinPriority} (lowest) to {MessageLimits.MaxPriority} (highest), default {MessageLimits.DefaultPriority}; inboxes list higher first.",
            MessageLimits.MinPriority, MessageLimits.MaxPriority);
        var expectsReply = new Option<bool>("--expects-reply") { Description = "Ask for an answer: the recipient sees that one is expected." };
        var replyToAgent = ValidatedOptions.Text("--reply-to-agent", "Where replies should go, when not to the sender (slug or agt_ id).", AgentOptions.ReferenceLength, "agent");
        var metadata = ValidatedOptions.JsonObject("--metadata", "Any JSON object to carry with the message (≤ 10 KiB), inline or @file.json.");
        var correlationId = ValidatedOptions.Text("--correlation-id", "Your own id to tie the message to something (≤ 255 characters).", 255, "id");
        var sendAt = ValidatedOptions.SendAt("Not in the recipient's inbox before this time: ISO-8601 or relative (+30s, +5m, +2h, +1d).");
        var execution = new Option<Guid?>("--execution")
        {
            Description = "The task (execution id) this message is about, so the conversation shows beside the work.",
            HelpName = "id",
            CustomParser = r =>
            {
                if (Guid.TryParse(r.Tokens[0].Value, out var id)) return id;
                r.AddError($"--execution must be an execution id (a UUID), not '{r.Tokens[0].Value}'.");
                return null;
            },
        };
        var idempotencyKey = ValidatedOptions.Text("--idempotency-key", "Sending again with the same key within 24 h returns the first message instead of a second one.", 255, "key");
        var command = new Command("send", $"""
            Send a message to another agent; prints its id. The sender is --from, else {AgentOptions.EnvironmentVariable}.
            Reply to a message with --reply-to MSG_ID (the reply joins that thread).
            """)
        {
            to, body, from, subject, replyTo, priority, expectsReply, replyToAgent, metadata, correlationId, sendAt, execution, idempotencyKey,
        };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var p = context.Parse;
            var sender = AgentOptions.Resolve(p, from);
            var text = p.GetRequiredValue(body);
            if (text == StandardInput) text = await ReadStandardInputAsync(ct);
            var recipient = p.GetRequiredValue(to);
            var message = await context.Client.SendMessageAsync(sender, new SendMessageRequest
            {
                To = recipient,
                Body = text,
                Subject = p.GetValue(subject),
                ReplyTo = p.GetValue(replyTo),
                Priority = p.GetValue(priority),
                ExpectsReply = p.GetValue(expectsReply) ? true : null,
                ReplyToAgent = p.GetValue(replyToAgent),
                Metadata = p.GetValue(metadata),
                CorrelationId = p.GetValue(correlationId),
                SendAt = p.GetValue(sendAt),
                ExecutionId = p.GetValue(execution),
            }, p.GetValue(idempotencyKey), ct);
            return new CommandResult
            {
                Fields = new JsonObject { ["message"] = WireJson.Node(message, BatonJson.Default.MessageResponse) },
                Text = console => MessageViews.MessageLine(console, "Sent", message, recipient),
                QuietLines = [message.Id],
            };
        });
        return command;
    }

    private static async Task<string> ReadStandardInputAsync(CancellationToken ct)
    {
        var text = await Console.In.ReadToEndAsync(ct);
        CheckBody(text, "The body read from standard input", message => throw new CliUsageException(message));
        return text;
    }

    private static void CheckBody(string body, string what, Action<string> error)
    {
        if (body.Length == 0) error($"{what} is empty; a message needs 1 to {MessageLimits.MaxBodyLength} characters.");
        else if (body.Length > MessageLimits.MaxBodyLength) error($"{what} is {body.Length} characters; the most a message takes is {MessageLimits.MaxBodyLength}.");
    }
}
