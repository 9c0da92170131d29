using System.Globalization;
using System.Reflection;

namespace Baton.Core.Storage;

/// <summary>
/// Reads a driver's numbered migrations (<c>Migrations/NNNN_name.sql</c>, embedded resources) in version order.
/// Each driver applies them in its own dialect; the file convention is shared.
/// </summary>
public static class EmbeddedMigrations
{
    public static IEnumerable<(long Version, string Name, string Sql)> Load(Assembly assembly, string resourcePrefix)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var resource in assembly.GetManifestResourceNames()
                     .Where(n => n.StartsWith(resourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = resource[resourcePrefix.Length..^".sql".Length];
            var version = long.Parse(name[..name.IndexOf('_', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (version, name, reader.ReadToEnd());
        }
    }
}
