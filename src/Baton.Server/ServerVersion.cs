using System.Reflection;

namespace Baton.Server;

internal static class ServerVersion
{
    /// <summary>The informational version without the source-control suffix the SDK appends (<c>+sha</c>).</summary>
    public static readonly string Current = Read();

    private static string Read()
    {
        var informational = typeof(ServerVersion).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
