using Baton.Core.Tenants;
using Baton.Server.Http;

namespace Baton.Server.Dashboard;

/// <summary>
/// Every dashboard page and action but sign-in: without a live session a page redirects to sign-in (coming back
/// afterwards), an action is refused the same way and changes nothing. With one, the tenant is recorded exactly as
/// the API's <see cref="TenantAuthFilter"/> does, so every read and write below is scoped to it.
/// </summary>
internal sealed class DashboardAuthFilter(AccountService accounts, SignedOutSessions signedOut) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var session = await DashboardSession.AuthenticateAsync(http, accounts, signedOut);
        if (session is null)
        {
            var back = HttpMethods.IsGet(http.Request.Method) ? http.Request.Path + http.Request.QueryString : (string)DashboardPaths.Root;
            if (http.Request.Path.StartsWithSegments(DashboardPaths.Events)) return Results.StatusCode(StatusCodes.Status401Unauthorized);
            return Results.Redirect(DashboardPaths.SignIn + "?return=" + Uri.EscapeDataString(DashboardPaths.SafeReturn(back)));
        }

        http.SetTenantId(session.TenantId);
        return await next(context);
    }
}
