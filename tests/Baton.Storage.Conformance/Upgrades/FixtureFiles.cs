using System.Globalization;
using System.Reflection;

namespace Baton.Storage.Conformance.Upgrades;

/// <summary>
/// A driver's fixture files: <c>Upgrades/NNNN.sql</c> in its test project, embedded as <c>Upgrades.NNNN.sql</c>, one
/// per frozen schema version, each writing <see cref="UpgradeFixture"/>'s rows against that version's tables.
/// </summary>
public static class FixtureFiles
{
    /// <summary>The version a planted test-only migration is recorded under: after any real one.</summary>
    public const long PlantedVersion = 999_999;

    public static string Read(Assembly testAssembly, long version)
    {
        var name = "Upgrades." + version.ToString("D4", CultureInfo.InvariantCulture) + ".sql";
        using var stream = testAssembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"No fixture file {name} in {testAssembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
