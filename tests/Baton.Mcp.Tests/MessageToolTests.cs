using System.Diagnostics;
using Baton.Contracts.Messaging;
using ModelContextProtocol.Client;

namespace Baton.Mcp.Tests;

/// <summary>
/// The messaging tools end to end: two agents, each an MCP session configured as itself, talking through a real
/// server. Runs once per transport (stdio subprocess and the server's <c>/mcp</c>).
/// </summary>
public abstract class MessageToolTests(BatonServerFixture server)
{
    /// <summary>Bounds a hang only.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    protected BatonServerFixture Server => server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new MCP session over this class's transport whose default agent is <paramref name="agent"/>.</summary>
    protected abstract Task<McpClient> ConnectAsync(string? agent);

    [Fact]
    public async Task Wait_for_reply_returns_promptly_when_the_other_agent_replies_into_the_thread()
    {
        var (asker, reviewer) = (await NewAgentAsync("asker"), await NewAgentAsync("reviewer"));
        await using var first = await ConnectAsync(asker);
        await using var second = await ConnectAsync(reviewer);

        var sent = await first.CallOkAsync("send_message", new()
        {
            ["to"] = reviewer,
            ["body"] = "Please review PR 42",
            ["subject"] = "Review",
            ["expects_reply"] = true,
        });
        var id = sent.Str("message_id");
        var waiting = first.CallOkAsync("wait_for_reply", new() { ["message_id"] = id, ["timeout_seconds"] = 60 });
        var inbox = await second.CallOkAsync("check_inbox", new() { ["wait_seconds"] = 30 });
        var received = Assert.Single(inbox.GetProperty("messages").EnumerateArray());
        Assert.Equal((id, "Please review PR 42", true), (received.Str("id"), received.Str("body"), received.GetProperty("expects_reply").GetBoolean()));
        await Task.Delay(300, Ct);
        Assert.False(waiting.IsCompleted, "wait_for_reply answered before anyone replied");

        var clock = Stopwatch.StartNew();
        var replied = await second.CallOkAsync("reply", new() { ["message_id"] = id, ["body"] = "LGTM, merge it" });
        var waited = await waiting.WaitAsync(Bound, Ct);

        // Typically milliseconds; the bound only has to separate a wake-up from the 60 s wait on a loaded machine.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"wait_for_reply took {clock.Elapsed} after the reply");
        Assert.True(waited.GetProperty("replied").GetBoolean());
        Assert.False(waited.GetProperty("timed_out").GetBoolean());
        Assert.Equal(id, waited.Str("thread_id"));
        var answer = Assert.Single(waited.GetProperty("replies").EnumerateArray());
        Assert.Equal((replied.Str("message_id"), "LGTM, merge it", id, id, "Re: Review"),
            (answer.Str("id"), answer.Str("body"), answer.Str("reply_to"), answer.Str("thread_id"), answer.Str("subject")));
        var stored = await Server.Client.GetMessageAsync(answer.Str("id"), Ct);
        Assert.Equal((await Server.Client.GetAgentAsync(reviewer, Ct)).Id, stored.FromAgentId);
        Assert.Equal((await Server.Client.GetAgentAsync(asker, Ct)).Id, stored.ToAgentId);

        var acked = await second.CallOkAsync("ack_message", new() { ["message_id"] = id });
        var emptied = await second.CallOkAsync("check_inbox", new());
        Assert.Equal("acked", acked.GetProperty("message").Str("delivery_state"));
        Assert.Equal(0, emptied.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Check_inbox_with_wait_seconds_returns_when_a_message_for_its_agent_arrives_and_not_for_another()
    {
        var (sender, reader, other) = (await NewAgentAsync("sender"), await NewAgentAsync("reader"), await NewAgentAsync("other"));
        await using var session = await ConnectAsync(null);

        var waiting = session.CallOkAsync("check_inbox", new() { ["agent"] = reader, ["wait_seconds"] = 30 });
        await Task.Delay(500, Ct);
        await Server.Client.SendMessageAsync(sender, new SendMessageRequest { To = other, Body = "not for the reader" }, ct: Ct);
        await Task.Delay(300, Ct);
        Assert.False(waiting.IsCompleted, "check_inbox answered before a message for its agent arrived");

        var clock = Stopwatch.StartNew();
        var sent = await Server.Client.SendMessageAsync(sender, new SendMessageRequest { To = reader, Body = "for you" }, ct: Ct);
        var inbox = await waiting.WaitAsync(Bound, Ct);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"check_inbox took {clock.Elapsed} after the send");
        Assert.False(inbox.GetProperty("timed_out").GetBoolean());
        Assert.Equal(reader, inbox.Str("agent"));
        Assert.Equal(sent.Id, Assert.Single(inbox.GetProperty("messages").EnumerateArray()).Str("id"));
    }

    [Fact]
    public async Task Wait_for_reply_returns_a_reply_that_already_arrived_and_was_read_at_once_and_times_out_without_one()
    {
        var (asker, helper) = (await NewAgentAsync("asker"), await NewAgentAsync("helper"));
        await using var session = await ConnectAsync(asker);
        var answered = await session.CallOkAsync("send_message", new() { ["to"] = helper, ["body"] = "Where is the log?", ["expects_reply"] = true });
        var unanswered = await session.CallOkAsync("send_message", new() { ["to"] = helper, ["body"] = "And the config?" });
        var reply = await Server.Client.SendMessageAsync(helper,
            new SendMessageRequest { To = asker, Body = "In /var/log", ReplyTo = answered.Str("message_id") }, ct: Ct);
        await Server.Client.MarkMessageReadAsync(reply.Id, Ct);

        var found = await session.CallOkAsync("wait_for_reply", new() { ["message_id"] = answered.Str("message_id"), ["timeout_seconds"] = 30 });
        var none = await session.CallOkAsync("wait_for_reply", new() { ["message_id"] = unanswered.Str("message_id"), ["timeout_seconds"] = 1 });

        Assert.Equal(reply.Id, Assert.Single(found.GetProperty("replies").EnumerateArray()).Str("id"));
        Assert.True(none.GetProperty("timed_out").GetBoolean());
        Assert.False(none.GetProperty("replied").GetBoolean());
        Assert.Empty(none.GetProperty("replies").EnumerateArray());
    }

    [Fact]
    public async Task Send_message_as_an_explicit_agent_links_the_execution_and_overrides_the_default()
    {
        var (configured, chosen, to) = (await NewAgentAsync("configured"), await NewAgentAsync("chosen"), await NewAgentAsync("to"));
        var execution = (await Server.Client.EnqueueAsync(new() { Task = "review" }, Ct)).Execution.Id;
        await using var session = await ConnectAsync(configured);

        var sent = await session.CallOkAsync("send_message", new()
        {
            ["to"] = to,
            ["body"] = "About this task",
            ["agent"] = chosen,
            ["execution_id"] = execution.ToString(),
            ["priority"] = 5,
        });

        var stored = await Server.Client.GetMessageAsync(sent.Str("message_id"), Ct);
        Assert.Equal((await Server.Client.GetAgentAsync(chosen, Ct)).Id, stored.FromAgentId);
        Assert.Equal((execution, 5), (stored.ExecutionId, stored.Priority));
    }

    [Fact]
    public async Task Bad_messaging_calls_are_tool_errors_with_a_code_and_nothing_is_sent()
    {
        var (sender, to) = (await NewAgentAsync("sender"), await NewAgentAsync("to"));
        await using var anonymous = await ConnectAsync(null);
        await using var session = await ConnectAsync(sender);

        var noAgent = await anonymous.CallFailingAsync("send_message", new() { ["to"] = to, ["body"] = "hi" });
        var unknown = await session.CallFailingAsync("send_message", new() { ["to"] = "nobody-" + Guid.NewGuid().ToString("N")[..8], ["body"] = "hi" });
        var priority = await session.CallFailingAsync("send_message", new() { ["to"] = to, ["body"] = "hi", ["priority"] = 9 });
        var empty = await session.CallFailingAsync("send_message", new() { ["to"] = to, ["body"] = "" });
        var badExecution = await session.CallFailingAsync("send_message", new() { ["to"] = to, ["body"] = "hi", ["execution_id"] = "42" });
        var noTimeout = await session.CallFailingAsync("wait_for_reply", new() { ["message_id"] = "msg_000000000000" });
        var missing = await session.CallFailingAsync("ack_message", new() { ["message_id"] = "msg_000000000000" });
        var longWait = await session.CallFailingAsync("check_inbox", new() { ["wait_seconds"] = 601 });

        Assert.Equal("invalid_argument", noAgent.Code);
        Assert.Contains("BATON_AGENT", noAgent.Message);
        Assert.Equal("agent_not_found", unknown.Code);
        Assert.Equal("invalid_argument", priority.Code);
        Assert.Contains("'priority' must be between 1 and 5", priority.Message);
        Assert.Equal("validation_error", empty.Code);
        Assert.Equal("invalid_argument", badExecution.Code);
        Assert.Equal(("invalid_argument", "Missing required argument 'timeout_seconds'."), noTimeout);
        Assert.Equal("message_not_found", missing.Code);
        Assert.Contains("'wait_seconds' must be between 0 and 600", longWait.Message);
        Assert.Equal(0, (await Server.Client.ListSentAsync(sender, ct: Ct)).Total);
    }

    private async Task<string> NewAgentAsync(string role)
    {
        var slug = $"{role}-{Guid.NewGuid().ToString("N")[..8]}";
        await Server.Client.CreateAgentAsync(new AgentRequest { DisplayName = role, Slug = slug }, Ct);
        return slug;
    }
}
