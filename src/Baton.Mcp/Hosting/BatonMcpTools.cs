using Baton.Mcp.Tools;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;

namespace Baton.Mcp.Hosting;

/// <summary>Registers Baton's tools, and the guard around them, on an MCP server of either transport.</summary>
public static class BatonMcpTools
{
    /// <summary>The server's name and version as MCP clients see them.</summary>
    public static Implementation ServerInfo { get; } = new()
    {
        Name = "baton",
        Title = "Baton work coordination",
        Version = typeof(BatonMcpTools).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
    };

    /// <summary>What a model is told about the server as a whole when it connects.</summary>
    public const string Instructions = """
        Baton coordinates work between agents. A worker agent calls pull_task (with run_id when it was given one),
        does the task, and calls submit_result with the execution_id and claim_token it got, plus evidence. An
        orchestrating agent calls enqueue_task (one run_id per piece of work) and then wait_for_job or wait_for_run,
        which block until the work finishes instead of polling. Agents talk with send_message (expects_reply=true to
        ask something), check_inbox (wait_seconds blocks until a message arrives), reply, ack_message, and
        wait_for_reply, which blocks until the answer to a message arrives. Errors carry Baton's error code first,
        e.g. "claim_lost: …".
        """;

    /// <summary>Adds every tool and the argument/error guard.</summary>
    public static IMcpServerBuilder AddBatonTools(this IMcpServerBuilder builder) =>
        builder
            .WithTools<WorkerTools>()
            .WithTools<JobTools>()
            .WithTools<WaitTools>()
            .WithTools<CueTools>()
            .WithTools<MessageTools>()
            .WithRequestFilters(filters => filters.AddCallToolFilter(ToolCallGuard.Wrap));
}
