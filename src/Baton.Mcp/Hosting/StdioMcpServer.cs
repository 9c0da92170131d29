using Baton.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Mcp.Hosting;

/// <summary>
/// <c>baton mcp</c>: an MCP server on standard input/output that talks to a Baton server through
/// <see cref="BatonClient"/>. Standard output carries only MCP messages; logs go to standard error.
/// </summary>
public static class StdioMcpServer
{
    /// <summary>Long-polls last up to 60 s; this only bounds a server that stopped answering.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Serves one MCP session until standard input closes or <paramref name="ct"/> is cancelled.</summary>
    public static async Task RunAsync(StdioMcpSettings settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var http = new HttpClient { Timeout = RequestTimeout };
        var client = new BatonClient(http, settings.ServerUrl, settings.ApiKey);

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IBatonSessionSource>(new FixedSessionSource(client, settings.WorkerId, settings.Agent));
        builder.Services
            .AddMcpServer(o =>
            {
                o.ServerInfo = BatonMcpTools.ServerInfo;
                o.ServerInstructions = BatonMcpTools.Instructions;
            })
            .WithStdioServerTransport()
            .AddBatonTools();

        using var host = builder.Build();
        await host.RunAsync(ct);
    }
}
