using Baton.Core.Tenants;
using Baton.Mcp.Hosting;
using Baton.Server.Http;

namespace Baton.Server.Endpoints;

/// <summary>
/// <c>/mcp</c>: the Streamable HTTP MCP endpoint (the same tools as <c>baton mcp</c>), behind the same bearer API
/// key as <c>/v1</c>. The tools act with the caller's key (see <see cref="HttpSessionSource"/>).
/// </summary>
internal static class McpEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        // The SDK maps plain request delegates, which endpoint filters do not run on, so the key check wraps the
        // delegate itself: an unknown or missing key gets the API's 401 envelope before any MCP handling.
        app.MapBatonMcp("/mcp").Add(endpoint =>
        {
            var inner = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = async http =>
            {
                var accounts = http.RequestServices.GetRequiredService<AccountService>();
                http.SetTenantId(await accounts.AuthenticateAsync(BearerToken.From(http.Request), http.RequestAborted));
                await inner(http);
            };
        });
    }
}
