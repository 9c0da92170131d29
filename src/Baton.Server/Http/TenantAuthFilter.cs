using Baton.Core.Tenants;

namespace Baton.Server.Http;

/// <summary>
/// Authenticates the API key of every tenant-scoped endpoint (401 <c>invalid_api_key</c> / <c>key_rotated</c>) and
/// records the tenant for the handler. A filter, not middleware, so an unknown route is a 404 before it is a 401.
/// </summary>
internal sealed class TenantAuthFilter(AccountService accounts, ILogger<TenantAuthFilter> log) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var tenantId = await accounts.AuthenticateAsync(BearerToken.From(http.Request), http.RequestAborted);
        http.SetTenantId(tenantId);
        // The tenant id (never the key) scopes whatever the handler logs.
        using (log.BeginScope(new KeyValuePair<string, object>[] { new("TenantId", tenantId) }))
        {
            return await next(context);
        }
    }
}
