using System.Diagnostics;
using Baton.Client;
using Baton.Contracts.Messaging;

namespace Baton.Cli.Tests;

/// <summary>The <c>agents</c> and <c>messages</c> commands, run as the real <c>baton</c> process against a real server.</summary>
public sealed class MessageCommandTests(CliServer server) : IClassFixture<CliServer>
{
    /// <summary>Bounds a hang only; the waits below end in a few seconds.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Agents_create_ls_show_roster_and_rm_work_in_text_and_json()
    {
        var (key, client) = await server.NewTenantAsync();

        var created = (await server.RunAsync(key, "agents", "create", "Code reviewer", "--slug", "reviewer",
            "--description", "Reviews pull requests", "--json")).Json();
        var quiet = await server.RunAsync(key, "agents", "create", "Build Bot", "--quiet");
        var list = await server.RunAsync(key, "agents", "ls");
        var show = await server.RunAsync(key, "agents", "show", "reviewer");
        var roster = await server.RunAsync(key, "agents", "roster");
        var refused = await server.RunAsync(key, "agents", "rm", "build-bot");
        var removed = await server.RunAsync(key, "agents", "rm", "build-bot", "--yes", "--json");
        var afterwards = (await server.RunAsync(key, "agents", "ls", "--json")).Json();

        TaskCommandTests.AssertEnvelope(created, exitCode: 0);
        var agent = created.GetProperty("agent");
        Assert.Equal(("reviewer", "Code reviewer"), (agent.GetProperty("slug").GetString(), agent.GetProperty("display_name").GetString()));
        Assert.Equal("Reviews pull requests", agent.GetProperty("metadata").GetProperty("description").GetString());
        Assert.Equal(0, quiet.ExitCode);
        Assert.Matches("^agt_[a-z0-9]{12}$", quiet.Stdout.Trim());
        Assert.Contains("reviewer", list.Stdout);
        Assert.Contains("build-bot", list.Stdout);
        Assert.Contains("Code reviewer", show.Stdout);
        Assert.Contains(agent.GetProperty("id").GetString()!, show.Stdout);
        Assert.Contains("Reviews pull requests", roster.Stdout);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--yes", refused.Stderr);
        Assert.Equal(0, removed.ExitCode);
        Assert.Equal("reviewer", Assert.Single(afterwards.GetProperty("agents").EnumerateArray()).GetProperty("slug").GetString());
        var all = await client.ListAgentsAsync(includeDeleted: true, ct: Ct);
        Assert.NotNull(all.Agents.Single(a => a.Id == quiet.Stdout.Trim()).DeletedAt);
        Assert.Equal(1, (await server.RunAsync(key, "agents", "show", "build-bot")).ExitCode);
    }

    [Fact]
    public async Task Send_inbox_show_read_ack_and_a_reply_into_the_thread_round_trip()
    {
        var (key, client) = await server.NewTenantAsync();
        await CreateAgentsAsync(client, "alice", "bob");

        var sent = (await server.RunAsync(key, "messages", "send", "bob", "Please review PR 42", "--from", "alice",
            "--subject", "Review", "--priority", "5", "--expects-reply", "--json")).Json();
        var id = sent.GetProperty("message").GetProperty("id").GetString()!;
        var inbox = (await server.RunAsync(key, "messages", "inbox", "--agent", "bob", "--json")).Json();
        var inboxText = await server.RunAsync(key, "messages", "inbox", "--agent", "bob");
        var show = await server.RunAsync(key, "messages", "show", id);
        var read = (await server.RunAsync(key, "messages", "read", id, "--json")).Json();
        var reply = await server.RunAsync(key, "messages", "send", "alice", "LGTM", "--from", "bob", "--reply-to", id, "--quiet");
        var ack = await server.RunAsync(key, "messages", "ack", id);
        var emptied = await server.RunAsync(key, "messages", "inbox", "--agent", "bob");
        var thread = (await server.RunAsync(key, "messages", "inbox", "--agent", "alice", "--thread", id, "--json")).Json();

        TaskCommandTests.AssertEnvelope(sent, exitCode: 0);
        var message = sent.GetProperty("message");
        Assert.Equal(("Review", 5, true), (message.GetProperty("subject").GetString(), message.GetProperty("priority").GetInt32(),
            message.GetProperty("expects_reply").GetBoolean()));
        var listed = Assert.Single(inbox.GetProperty("messages").EnumerateArray());
        Assert.Equal(id, listed.GetProperty("id").GetString());
        Assert.Equal("delivered", listed.GetProperty("delivery_state").GetString());
        Assert.Contains("Review: Please review PR 42 (expects a reply)", inboxText.Stdout);
        Assert.Contains("Please review PR 42", show.Stdout);
        Assert.Equal("read", read.GetProperty("message").GetProperty("delivery_state").GetString());
        Assert.Equal(0, reply.ExitCode);
        Assert.Contains("Acknowledged", ack.Stdout);
        Assert.Contains("No messages for bob.", emptied.Stdout);
        var answer = Assert.Single(thread.GetProperty("messages").EnumerateArray());
        Assert.Equal((reply.Stdout.Trim(), id, "LGTM"),
            (answer.GetProperty("id").GetString(), answer.GetProperty("thread_id").GetString(), answer.GetProperty("body").GetString()));
        Assert.Equal("acked", (await client.GetMessageAsync(id, Ct)).DeliveryState);
    }

    [Fact]
    public async Task Send_takes_the_sender_from_BATON_AGENT_and_the_body_from_standard_input()
    {
        var (key, client) = await server.NewTenantAsync();
        var (alice, _) = await CreateAgentsAsync(client, "alice", "bob");
        var executionId = (await client.EnqueueAsync(new() { Task = "review" }, Ct)).Execution.Id;

        var result = await server.RunWithAsync(key, new Dictionary<string, string> { ["BATON_AGENT"] = "alice" },
            "Line one\nLine two\n", "messages", "send", "bob", "-", "--execution", executionId.ToString(), "--quiet");

        Assert.Equal(0, result.ExitCode);
        var message = await client.GetMessageAsync(result.Stdout.Trim(), Ct);
        Assert.Equal(("Line one\nLine two\n", alice.Id, executionId), (message.Body, message.FromAgentId, message.ExecutionId));
    }

    [Fact]
    public async Task Bad_input_found_only_when_the_command_runs_is_exit_1_and_nothing_is_sent()
    {
        var (key, client) = await server.NewTenantAsync();
        await CreateAgentsAsync(client, "alice", "bob");

        var emptyInput = await server.RunWithAsync(key, new Dictionary<string, string>(), "", "messages", "send", "bob", "-", "--from", "alice");
        var longInput = await server.RunWithAsync(key, new Dictionary<string, string>(), new string('x', 32_769),
            "messages", "send", "bob", "-", "--from", "alice");
        var unknownRecipient = await server.RunAsync(key, "messages", "send", "nobody", "hi", "--from", "alice", "--json");
        var unknownInbox = await server.RunAsync(key, "messages", "inbox", "--agent", "nobody");

        Assert.Equal(1, emptyInput.ExitCode);
        Assert.Contains("standard input is empty", emptyInput.Stderr);
        Assert.Equal(1, longInput.ExitCode);
        Assert.Contains("32769 characters", longInput.Stderr);
        Assert.Equal(1, unknownRecipient.ExitCode);
        Assert.Equal("agent_not_found", unknownRecipient.Json().GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(1, unknownInbox.ExitCode);
        Assert.Contains("agent_not_found", unknownInbox.Stderr);
        Assert.Equal(0, (await client.ListSentAsync("alice", ct: Ct)).Total);
        Assert.Equal(0, (await client.ReadInboxAsync("bob", new InboxQuery { State = "queued,delivered,read,acked,expired" }, Ct)).Total);
    }

    [Theory]
    [InlineData("Which agent? Pass --from AGENT or set BATON_AGENT", "messages", "send", "bob", "hi")]
    [InlineData("Which agent? Pass --agent AGENT or set BATON_AGENT", "messages", "inbox")]
    [InlineData("--priority must be between 1 and 5", "messages", "send", "bob", "hi", "--from", "a", "--priority", "9")]
    [InlineData("The body is empty", "messages", "send", "bob", "", "--from", "a")]
    [InlineData("--execution must be an execution id", "messages", "send", "bob", "hi", "--from", "a", "--execution", "42")]
    [InlineData("--metadata must be a JSON object", "messages", "send", "bob", "hi", "--from", "a", "--metadata", "[1]")]
    [InlineData("--state 'unread' is not a delivery state", "messages", "inbox", "--agent", "bob", "--state", "unread")]
    [InlineData("--wait must be between 0 and 86400", "messages", "inbox", "--agent", "bob", "--wait", "-1")]
    [InlineData("--since must be an ISO-8601 time", "messages", "inbox", "--agent", "bob", "--since", "yesterday")]
    [InlineData("--slug must be 1 to 64 lower-case letters", "agents", "create", "Bot", "--slug", "Not A Slug")]
    [InlineData("--status must be one of online, offline, away", "agents", "ls", "--status", "busy")]
    [InlineData("The message id must be 1 to 64 characters", "messages", "ack", "")]
    [InlineData("agents rm needs --yes", "agents", "rm", "bob")]
    public async Task Bad_agent_and_message_arguments_fail_with_exit_1_before_any_request(string message, params string[] args)
    {
        // Nothing listens at the server address: had a request been sent, the exit code would be 2.
        var result = await Cli.RunAgainstNothingAsync(args);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Stderr);
    }

    [Fact]
    public async Task Inbox_wait_is_woken_by_a_send_from_another_process()
    {
        var (key, client) = await server.NewTenantAsync();
        await CreateAgentsAsync(client, "alice", "bob");

        var before = server.Requests.Count("GET", "/v1/agents/bob/inbox");
        var waiting = server.RunAsync(key, "messages", "inbox", "--agent", "bob", "--wait", "60", "--json");
        // Send only once the waiting process's inbox read has reached the server (tests of this class run one at a
        // time), so the message must wake a parked read rather than be found by the first look.
        var deadline = Stopwatch.StartNew();
        while (server.Requests.Count("GET", "/v1/agents/bob/inbox") == before && deadline.Elapsed < Bound) await Task.Delay(50, Ct);
        await Task.Delay(500, Ct);
        Assert.False(waiting.IsCompleted, "inbox --wait answered before anything was sent");

        var clock = Stopwatch.StartNew();
        var sent = await server.RunAsync(key, "messages", "send", "bob", "wake up", "--from", "alice", "--quiet");
        var woken = await waiting.WaitAsync(Bound, Ct);

        Assert.Equal(0, sent.ExitCode);
        Assert.Equal(0, woken.ExitCode);
        var json = woken.Json();
        Assert.False(json.GetProperty("timed_out").GetBoolean());
        Assert.Equal(sent.Stdout.Trim(), Assert.Single(json.GetProperty("messages").EnumerateArray()).GetProperty("id").GetString());
        // Typically well under a second after the send returns; the bound only separates a wake-up from the 60 s wait.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"inbox --wait returned {clock.Elapsed} after the send started");
    }

    [Fact]
    public async Task Inbox_wait_with_nothing_arriving_exits_4_with_timed_out()
    {
        var (key, client) = await server.NewTenantAsync();
        await CreateAgentsAsync(client, "alice", "bob");

        var json = await server.RunAsync(key, "messages", "inbox", "--agent", "bob", "--wait", "1", "--json");
        var text = await server.RunAsync(key, "messages", "inbox", "--agent", "bob", "--wait", "1");

        Assert.Equal(4, json.ExitCode);
        TaskCommandTests.AssertEnvelope(json.Json(), exitCode: 4);
        Assert.True(json.Json().GetProperty("timed_out").GetBoolean());
        Assert.Equal(4, text.ExitCode);
        Assert.Contains("No message for bob arrived in 1 s.", text.Stdout);
    }

    [Fact]
    public async Task Inbox_wait_on_a_terminal_shows_what_it_waits_for_and_the_seconds_waited_until_a_message_arrives()
    {
        var (key, client) = await server.NewTenantAsync();
        await CreateAgentsAsync(client, "alice", "bob");
        await using var terminal = server.RunOnTerminal(key, "messages", "inbox", "--agent", "bob", "--wait", "120");

        var first = Seconds(await terminal.WaitForTextAsync("waiting for a message to bob · ([0-9]+) s", Bound));
        await terminal.WaitForTextAsync("waiting for a message to bob · ([0-9]+) s", Bound, later => Seconds(later) > first);
        await client.SendMessageAsync("alice", new SendMessageRequest { To = "bob", Body = "Standup in 5" }, ct: Ct);

        Assert.Equal(0, await terminal.WaitForExitAsync(Bound));
        // The table fits the terminal's width, so a long cell may wrap; one word of the body stays whole.
        Assert.Contains("Standup", terminal.Text, StringComparison.Ordinal);
    }

    private static int Seconds(System.Text.RegularExpressions.Match match) =>
        int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<(AgentResponse First, AgentResponse Second)> CreateAgentsAsync(BatonClient client, string first, string second) =>
        (await client.CreateAgentAsync(new AgentRequest { DisplayName = first, Slug = first }, Ct),
            await client.CreateAgentAsync(new AgentRequest { DisplayName = second, Slug = second }, Ct));
}
