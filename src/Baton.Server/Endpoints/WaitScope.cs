namespace Baton.Server.Endpoints;

/// <summary>
/// The token a parked request waits on: it ends when the caller leaves or the server stops, so shutdown is never
/// held up by a long-poll — the request answers with what it has.
/// </summary>
internal static class WaitScope
{
    public static CancellationTokenSource For(HttpContext http) =>
        CancellationTokenSource.CreateLinkedTokenSource(
            http.RequestAborted, http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
}
