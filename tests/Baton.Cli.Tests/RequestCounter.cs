using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Baton.Cli.Tests;

/// <summary>Counts the requests a test server receives by method and path, ahead of everything else in its pipeline.</summary>
internal sealed class RequestCounter : IStartupFilter
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int Count(string method, string path) => _counts.TryGetValue(method + " " + path, out var n) ? n : 0;

    public int Total => _counts.Values.Sum();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            _counts.AddOrUpdate(context.Request.Method + " " + context.Request.Path, 1, (_, n) => n + 1);
            await nextMiddleware(context);
        });
        next(app);
    };
}
