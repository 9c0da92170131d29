using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Baton.Server.Tests;

/// <summary>
/// Makes a request look as if it came from the address in <see cref="Header"/>, ahead of the server's own
/// pipeline: Kestrel in a test only ever sees loopback, and the /metrics guard must be tried from elsewhere.
/// </summary>
internal sealed class RemoteAddressFromHeader : IStartupFilter
{
    public const string Header = "X-Test-Remote-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var address))
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
