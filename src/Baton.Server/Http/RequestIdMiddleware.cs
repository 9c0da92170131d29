using System.Buffers;
using Baton.Contracts;

namespace Baton.Server.Http;

/// <summary>
/// Every response carries <c>X-Request-Id</c>: the caller's own when it is sane (so logs can be joined across
/// services), else a fresh one. Set in OnStarting because the exception handler clears headers before it writes.
/// Everything logged while the request runs carries it as the <c>RequestId</c> scope.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> log)
{
    private const int MaxLength = 128;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:");

    public async Task InvokeAsync(HttpContext http)
    {
        var incoming = http.Request.Headers[WireHeaders.RequestId].ToString();
        var id = IsSane(incoming) ? incoming : Guid.NewGuid().ToString("N");
        http.TraceIdentifier = id;
        http.Response.OnStarting(() =>
        {
            http.Response.Headers[WireHeaders.RequestId] = id;
            return Task.CompletedTask;
        });
        using (log.BeginScope(new KeyValuePair<string, object>[] { new("RequestId", id) }))
        {
            await next(http);
        }
    }

    private static bool IsSane(string value) =>
        value.Length is > 0 and <= MaxLength && !value.AsSpan().ContainsAnyExcept(Allowed);
}
