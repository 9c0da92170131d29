using Xunit;

namespace Baton.Storage.Postgres.Tests;

/// <summary>
/// Tests that load tens of thousands of rows and read query plans run alone, after the others, so the plans they
/// check are not shaped by a busy machine's statistics or timing.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BulkLoadCollection
{
    public const string Name = "bulk load";
}
