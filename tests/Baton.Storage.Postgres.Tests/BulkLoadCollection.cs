using Xunit;

namespace Baton.Storage.Postgres.Tests;

/// <summary>
/// Tests that load tens of thousands of rows in one transaction run alone, after the others: while such a
/// transaction runs it holds back the event horizon of the whole cluster (<c>pg_snapshot_xmin</c>), so a test that
/// reads the events it has just written would find none below the line.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BulkLoadCollection
{
    public const string Name = "bulk load";
}
