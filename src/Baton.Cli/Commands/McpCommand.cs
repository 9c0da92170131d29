using System.CommandLine;
using System.CommandLine.Parsing;
using Baton.Mcp.Hosting;

namespace Baton.Cli.Commands;

/// <summary><c>baton mcp</c>: an MCP server on stdio for coding agents, talking to a Baton server over HTTP.</summary>
public static class McpCommand
{
    public const string DefaultServerUrl = "http://127.0.0.1:8420";

    public static Command Create()
    {
        var url = new Option<string>("--url")
        {
            Description = "The Baton server to talk to. Env: BATON_URL.",
            HelpName = "url",
            DefaultValueFactory = _ => FromEnvironment("BATON_URL") ?? DefaultServerUrl,
        };
        url.Validators.Add(ValidateUrl);

        var apiKey = new Option<string?>("--api-key")
        {
            Description = "The API key to act with (prefer the environment variable: command lines are visible to other users). Env: BATON_API_KEY.",
            HelpName = "key",
            DefaultValueFactory = _ => FromEnvironment("BATON_API_KEY"),
        };

        var workerId = new Option<string?>("--worker-id")
        {
            Description = "The worker id this agent claims tasks as (default: mcp-<client name>-<random>, fixed for the session). Env: BATON_WORKER_ID.",
            HelpName = "id",
            DefaultValueFactory = _ => FromEnvironment("BATON_WORKER_ID"),
        };
        workerId.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } id && (id.Trim().Length == 0 || id.Length > 255))
            {
                result.AddError("--worker-id must be 1-255 characters.");
            }
        });

        var agent = new Option<string?>("--agent")
        {
            Description = "The agent this session sends and reads messages as, when a tool call names none (a slug or agt_ id; create it with `baton agents create`). Env: BATON_AGENT.",
            HelpName = "agent",
            DefaultValueFactory = _ => FromEnvironment("BATON_AGENT"),
        };
        agent.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } a && (a.Trim().Length == 0 || a.Length > 300))
            {
                result.AddError("--agent must be an agent's slug or agt_ id (1-300 characters).");
            }
        });

        var command = new Command("mcp", """
            Serve Baton's MCP tools (pull_task, submit_result, enqueue_task, wait_for_job, send_message, wait_for_reply, …) on standard input/output for a coding agent
            such as Claude Code. Talks to a running Baton server; see docs/mcp.md for client configuration.
            """)
        {
            url, apiKey, workerId, agent,
        };
        command.SetAction((parse, ct) => StdioMcpServer.RunAsync(
            new StdioMcpSettings(new Uri(parse.GetRequiredValue(url)), parse.GetValue(apiKey), parse.GetValue(workerId)?.Trim(),
                parse.GetValue(agent)?.Trim()),
            ct));
        return command;
    }

    private static string? FromEnvironment(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static void ValidateUrl(OptionResult result)
    {
        var value = result.GetValueOrDefault<string>();
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            result.AddError($"--url must be an http:// or https:// address of a Baton server, not '{value}'.");
        }
    }
}
