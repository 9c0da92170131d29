using System.Security.Cryptography;

namespace Baton.Server.Dashboard;

/// <summary>
/// The dashboard's stylesheet and script, embedded in the server assembly (so <c>dotnet build</c> produces
/// everything and nothing is fetched at run time), served with a content hash as their version.
/// </summary>
internal static class DashboardAssets
{
    private static readonly Dictionary<string, (byte[] Bytes, string ContentType)> Files = Load();

    /// <summary>Changes whenever an asset does, so pages can let browsers cache assets for good.</summary>
    public static string Version { get; } = Convert.ToHexStringLower(
        SHA256.HashData(Files.OrderBy(f => f.Key, StringComparer.Ordinal).SelectMany(f => f.Value.Bytes).ToArray()))[..12];

    public static IResult Serve(HttpContext http, string name)
    {
        if (!Files.TryGetValue(name, out var file)) return Results.NotFound();
        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return Results.Bytes(file.Bytes, file.ContentType);
    }

    private static Dictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var name in new[] { "dashboard.css", "dashboard.js" })
        {
            using var stream = assembly.GetManifestResourceStream("Baton.Server.Dashboard.Assets." + name)
                ?? throw new InvalidOperationException($"The dashboard asset {name} is not embedded.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var type = name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
            files[name] = (copy.ToArray(), type);
        }

        return files;
    }
}
