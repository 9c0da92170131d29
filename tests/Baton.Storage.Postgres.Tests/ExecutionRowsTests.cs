using System.Text.RegularExpressions;
using Baton.Core.Storage;
using Baton.Testing;
using Npgsql;
using Xunit;

namespace Baton.Storage.Postgres.Tests;

/// <summary>
/// The execution reader reads by <see cref="ExecutionColumn"/>, and the statements return its list
/// (<see cref="ExecutionRows.Columns"/>): the migrated table must have each of those columns under the name the
/// reader expects, in that order, or one field's value would be read into another.
/// </summary>
public sealed partial class ExecutionRowsTests(PostgresCluster cluster)
{
    [Fact]
    public async Task The_column_list_and_the_readers_positions_name_the_same_columns_of_the_table_in_the_same_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await cluster.CreateDatabaseAsync();
        try
        {
            await using var c = new NpgsqlConnection(connectionString);
            await c.OpenAsync(ct);
            await using var select = new NpgsqlCommand($"SELECT {ExecutionRows.Columns} FROM executions e LIMIT 0", c);
            await using var r = await select.ExecuteReaderAsync(ct);
            var returned = Enumerable.Range(0, r.FieldCount).Select(r.GetName).ToList();

            var read = Enum.GetNames<ExecutionColumn>().Select(n => WordStart().Replace(n, "_$1").ToLowerInvariant());
            Assert.Equal(read, returned);
        }
        finally
        {
            await cluster.DropDatabaseAsync(connectionString);
        }
    }

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex WordStart();
}
