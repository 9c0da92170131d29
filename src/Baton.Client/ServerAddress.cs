namespace Baton.Client;

/// <summary>Where a Baton server is, as people write it.</summary>
public static class ServerAddress
{
    /// <summary>
    /// The server's root for <see cref="BatonClient"/>: CueAPI configs and habits name the API base
    /// (<c>https://host/v1</c>), the client wants the root it puts <c>v1/…</c> under, so a trailing <c>/v1</c> is dropped.
    /// </summary>
    public static Uri Root(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/v1", StringComparison.Ordinal)) path = path[..^3];
        return new UriBuilder(uri) { Path = path.Length == 0 ? "/" : path + "/" }.Uri;
    }
}
