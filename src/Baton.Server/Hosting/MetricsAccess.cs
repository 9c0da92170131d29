using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Baton.Server.Hosting;

/// <summary>
/// Who may scrape <c>/metrics</c>: a caller on this machine (loopback), or anyone who presents the metrics token as
/// <c>Authorization: Bearer</c> when the server was given one (<c>--metrics-token</c>). Anyone else gets 403 with
/// the error envelope. Queue and task names appear in labels, so remote scrapes are not open by default.
/// </summary>
internal sealed class MetricsAccess(RequestDelegate next, BatonServerSettings settings)
{
    public const string Path = "/metrics";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(Path) || Allowed(context))
        {
            await next(context);
            return;
        }

        await Http.ErrorResponses.WriteAsync(context, StatusCodes.Status403Forbidden, Contracts.Errors.ErrorCodes.MetricsForbidden,
            settings.MetricsToken is null
                ? "/metrics answers only on loopback; start the server with --metrics-token to scrape it remotely."
                : "/metrics from another machine needs 'Authorization: Bearer <metrics token>'.");
    }

    private bool Allowed(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)) return true;
        if (settings.MetricsToken is not { } token) return false;
        var header = context.Request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)) return false;
        return CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(header[bearer.Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }
}
