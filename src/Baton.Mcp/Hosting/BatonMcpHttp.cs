using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.AspNetCore;

namespace Baton.Mcp.Hosting;

/// <summary>The Streamable HTTP MCP endpoint the Baton server serves at <c>/mcp</c>, with the same tools as <c>baton mcp</c>.</summary>
public static class BatonMcpHttp
{
    /// <summary>Registers the MCP server, its HTTP transport and the tools.</summary>
    public static IServiceCollection AddBatonMcpHttp(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<IBatonSessionSource, HttpSessionSource>();
        services
            .AddMcpServer(o =>
            {
                o.ServerInfo = BatonMcpTools.ServerInfo;
                o.ServerInstructions = BatonMcpTools.Instructions;
            })
            .WithHttpTransport(o =>
            {
                // Sessions for clients that start with initialize: the worker id is stable per session. Newer
                // sessionless clients are served per request on the same endpoint.
                o.SessionMode = HttpServerSessionMode.StatefulForInitializeClients;
            })
            .AddBatonTools();
        return services;
    }

    /// <summary>Maps the endpoint; the caller adds authentication to the returned builder.</summary>
    public static IEndpointConventionBuilder MapBatonMcp(this IEndpointRouteBuilder endpoints, string pattern = "/mcp") =>
        endpoints.MapMcp(pattern);
}
