using Microsoft.Net.Http.Headers;

namespace Baton.Server.Http;

internal static class BearerToken
{
    /// <summary>The key from <c>Authorization: Bearer &lt;key&gt;</c>, or null when there is none.</summary>
    public static string? From(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return null;
        var key = header[scheme.Length..].Trim();
        return key.Length == 0 ? null : key;
    }
}
