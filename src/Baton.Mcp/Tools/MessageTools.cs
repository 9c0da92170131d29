using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Client;
using Baton.Contracts.Messaging;
using Baton.Contracts.Serialization;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Baton.Mcp.Tools;

// Parameter names are the tools' JSON argument names, hence snake_case.
#pragma warning disable IDE1006

/// <summary>
/// Agents talking to each other: send, read the inbox (optionally blocking until a message arrives), reply into the
/// thread, acknowledge, and block until the answer to a message arrives. Every wait is a chain of server-side inbox
/// long-polls, re-parked every few seconds only to report MCP progress; nothing here polls.
/// </summary>
[McpServerToolType]
internal sealed class MessageTools(IBatonSessionSource sessions)
{
    private const string AgentDescription =
        "The agent you act as (slug or agt_ id). Default: the one this MCP server was configured with (baton mcp --agent / BATON_AGENT, or the X-Cueapi-From-Agent header on /mcp).";

    /// <summary>Every state a reply can be in once it has arrived: one already read or acked still answers the question.</summary>
    private const string ArrivedStates = "queued,delivered,read,acked";

    [McpServerTool(Name = "send_message", Title = "Send a message to an agent", Destructive = false, OpenWorld = false)]
    [Description("""
        Send a direct message to another agent of your account (to = its slug; list_agents is not needed if you know
        it). Set expects_reply=true when you ask something, then call wait_for_reply with the returned message_id
        to block until the answer arrives. To answer a message you received, use reply instead. Repeating a call
        with the same idempotency_key within 24 h returns the first message instead of sending another.
        """)]
    public async Task<CallToolResult> SendMessageAsync(
        McpServer server,
        [Description("The recipient: an agent's slug (e.g. \"reviewer\") or agt_ id.")] string to,
        [Description("The message text (1-32768 characters).")] string body,
        [Description("A subject line (at most 255 characters).")] string? subject = null,
        [Description("True when you want an answer; the recipient sees that one is expected.")] bool? expects_reply = null,
        [Description("1 (lowest) to 5 (highest), default 3; inboxes list higher first.")] int? priority = null,
        [Description("The task (execution_id) this message is about, so the conversation shows beside the work.")] string? execution_id = null,
        [Description("A JSON object to carry with the message (at most 10 KiB).")] JsonElement? metadata = null,
        [Description("Makes the call safe to repeat: the same key returns the message already sent.")] string? idempotency_key = null,
        [Description(AgentDescription)] string? agent = null,
        CancellationToken cancellationToken = default)
    {
        var session = sessions.For(server);
        var message = await session.Client.SendMessageAsync(ToolArguments.Agent(agent, session), new SendMessageRequest
        {
            To = ToolArguments.NotBlank(to, "to"),
            Body = body,
            Subject = subject,
            ExpectsReply = expects_reply,
            Priority = ToolArguments.InRange(priority, 1, 5, "priority"),
            ExecutionId = execution_id is null ? null : ToolArguments.ExecutionId(execution_id),
            Metadata = ToolArguments.Object(metadata, "metadata"),
        }, idempotency_key, cancellationToken);
        return ToolResults.Ok(Sent(message));
    }

    [McpServerTool(Name = "check_inbox", Title = "Check your inbox", ReadOnly = false, Destructive = false, OpenWorld = false)]
    [Description("""
        Read your unread messages, highest priority first. With wait_seconds, an empty inbox blocks until a message
        arrives (returns the moment it does) — use that instead of calling check_inbox repeatedly. Messages stay
        unread until you ack_message them, so acknowledge each one you have dealt with. Answer one with reply.
        """)]
    public async Task<CallToolResult> CheckInboxAsync(
        McpServer server,
        IProgress<ProgressNotificationValue> progress,
        [Description("When the inbox is empty, wait up to this many seconds for a message (0-600, default 0).")] int? wait_seconds = null,
        [Description("Only messages of this thread (a thread_id from an earlier message).")] string? thread_id = null,
        [Description("Only messages in these states, comma-separated: queued, delivered, read, acked, expired (default: unread = queued,delivered).")] string? state = null,
        [Description("How many to return, 1-200 (default 20).")] int? limit = null,
        [Description(AgentDescription)] string? agent = null,
        CancellationToken cancellationToken = default)
    {
        var session = sessions.For(server);
        var reader = ToolArguments.Agent(agent, session);
        var wait = ToolArguments.InRange(wait_seconds, 0, WaitTools.MaxTimeoutSeconds, "wait_seconds") ?? 0;
        var query = new InboxQuery { ThreadId = thread_id, State = state, Limit = ToolArguments.InRange(limit, 1, 200, "limit") ?? 20 };
        var page = await WaitForMessagesAsync(session.Client, reader, query, TimeSpan.FromSeconds(wait), progress,
            $"No message for {reader} yet", cancellationToken);
        var result = new JsonObject
        {
            ["agent"] = reader,
            ["count"] = page.Messages.Count,
            ["total"] = page.Total,
            ["messages"] = Of(page.Messages),
        };
        if (wait > 0) result["timed_out"] = page.Messages.Count == 0;
        return ToolResults.Ok(result);
    }

    [McpServerTool(Name = "reply", Title = "Reply to a message", Destructive = false, OpenWorld = false)]
    [Description("""
        Answer a message you received: the reply goes to its sender (or the reply-to agent it named) and joins its
        thread, which is what the sender's wait_for_reply is waiting for. Acknowledge the original with ack_message
        once you are done with it.
        """)]
    public async Task<CallToolResult> ReplyAsync(
        McpServer server,
        [Description("The message_id you are answering.")] string message_id,
        [Description("The reply text (1-32768 characters).")] string body,
        [Description("True when your reply asks something back.")] bool? expects_reply = null,
        [Description("1 (lowest) to 5 (highest); default 3.")] int? priority = null,
        [Description("The agent you reply as. Default: the configured agent, else the recipient of the message you answer.")] string? agent = null,
        CancellationToken cancellationToken = default)
    {
        var session = sessions.For(server);
        var parent = await session.Client.GetMessageAsync(ToolArguments.NotBlank(message_id, "message_id"), cancellationToken);
        var from = agent is not null || session.Agent is not null ? ToolArguments.Agent(agent, session) : parent.ToAgentId;
        var message = await session.Client.SendMessageAsync(from, new SendMessageRequest
        {
            To = parent.ReplyToAgentId ?? parent.FromAgentId,
            Body = body,
            ReplyTo = parent.Id,
            Subject = ReplySubject(parent.Subject),
            ExpectsReply = expects_reply,
            Priority = ToolArguments.InRange(priority, 1, 5, "priority"),
            ExecutionId = parent.ExecutionId,
        }, ct: cancellationToken);
        return ToolResults.Ok(Sent(message));
    }

    [McpServerTool(Name = "ack_message", Title = "Acknowledge a message", Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Acknowledge a message you received: you are done with it, and it leaves your unread inbox for good.")]
    public async Task<CallToolResult> AckMessageAsync(
        McpServer server,
        [Description("The message_id to acknowledge.")] string message_id,
        CancellationToken cancellationToken = default)
    {
        var session = sessions.For(server);
        var message = await session.Client.AckMessageAsync(ToolArguments.NotBlank(message_id, "message_id"), cancellationToken);
        return ToolResults.Ok(new JsonObject { ["acked"] = true, ["message"] = Of(message) });
    }

    [McpServerTool(Name = "wait_for_reply", Title = "Wait for a reply", ReadOnly = false, Destructive = false, OpenWorld = false)]
    [Description("""
        Block until a reply to a message you sent arrives in its thread, or timeout_seconds pass, and return the
        replies. Returns the moment the reply is sent — use this instead of polling check_inbox. A reply that came
        earlier is returned at once. On timeout returns timed_out=true; call again to keep waiting.
        """)]
    public async Task<CallToolResult> WaitForReplyAsync(
        McpServer server,
        IProgress<ProgressNotificationValue> progress,
        [Description("The message_id send_message returned.")] string message_id,
        [Description("Give up after this many seconds (0-600).")] int timeout_seconds,
        [Description("Whose inbox the reply lands in. Default: the message's reply-to agent, else its sender.")] string? agent = null,
        CancellationToken cancellationToken = default)
    {
        var session = sessions.For(server);
        var timeout = TimeSpan.FromSeconds(ToolArguments.InRange(timeout_seconds, 0, WaitTools.MaxTimeoutSeconds, "timeout_seconds")!.Value);
        var asked = await session.Client.GetMessageAsync(ToolArguments.NotBlank(message_id, "message_id"), cancellationToken);
        var inbox = agent is null ? asked.ReplyToAgentId ?? asked.FromAgentId : ToolArguments.NotBlank(agent, "agent");
        var query = new InboxQuery { ThreadId = asked.ThreadId, Since = asked.CreatedAt, State = ArrivedStates, Limit = 50 };
        var page = await WaitForMessagesAsync(session.Client, inbox, query, timeout, progress,
            $"No reply to {asked.Id} yet", cancellationToken);
        return ToolResults.Ok(new JsonObject
        {
            ["replied"] = page.Messages.Count > 0,
            ["timed_out"] = page.Messages.Count == 0,
            ["thread_id"] = asked.ThreadId,
            ["replies"] = Of(page.Messages),
        });
    }

    /// <summary>Inbox long-polls in segments until a message matches or the time is up, reporting progress between them.</summary>
    private static async Task<MessageListResponse> WaitForMessagesAsync(
        BatonClient client, string agent, InboxQuery query, TimeSpan timeout, IProgress<ProgressNotificationValue> progress,
        string waiting, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var page = await client.WaitForInboxAsync(agent, query, WaitTools.Segment(timeout, clock), ct);
            if (page.Messages.Count > 0 || clock.Elapsed >= timeout) return page;
            progress.Report(new ProgressNotificationValue
            {
                Progress = (float)clock.Elapsed.TotalSeconds,
                Total = (float)timeout.TotalSeconds,
                Message = $"{waiting}; still waiting.",
            });
        }
    }

    private static string? ReplySubject(string? subject) =>
        subject is null || subject.StartsWith("Re: ", StringComparison.OrdinalIgnoreCase) || subject.Length > 250 ? subject : "Re: " + subject;

    private static JsonObject Sent(MessageResponse message) => new()
    {
        ["message_id"] = message.Id,
        ["thread_id"] = message.ThreadId,
        ["delivery_state"] = message.DeliveryState,
        ["message"] = Of(message),
    };

    private static JsonObject Of(MessageResponse message) =>
        JsonSerializer.SerializeToNode(message, BatonJson.Default.MessageResponse)!.AsObject();

    private static JsonArray Of(IEnumerable<MessageResponse> messages) => new([.. messages.Select(m => (JsonNode)Of(m))]);
}
