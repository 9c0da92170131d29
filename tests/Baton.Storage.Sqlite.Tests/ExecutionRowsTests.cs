using System.Text.RegularExpressions;
using Baton.Core.Storage;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Baton.Storage.Sqlite.Tests;

/// <summary>
/// The execution reader reads by <see cref="ExecutionColumn"/>, and the statements return its list
/// (<see cref="ExecutionRows.Columns"/>): the migrated table must have each of those columns under the name the
/// reader expects, in that order, or one field's value would be read into another.
/// </summary>
public sealed partial class ExecutionRowsTests
{
    [Fact]
    public async Task The_column_list_and_the_readers_positions_name_the_same_columns_of_the_table_in_the_same_order()
    {
        await using var db = await SqliteTestDatabase.CreateAsync();
        await using (var store = await db.OpenStoreAsync(TimeProvider.System)) { }

        await using var c = new SqliteConnection($"Data Source={db.Path}");
        await c.OpenAsync(TestContext.Current.CancellationToken);
        using var select = c.CreateCommand();
        select.CommandText = $"SELECT {ExecutionRows.Columns} FROM executions LIMIT 0";
        using var r = select.ExecuteReader();
        var returned = Enumerable.Range(0, r.FieldCount).Select(r.GetName).ToList();

        var read = Enum.GetNames<ExecutionColumn>().Select(n => WordStart().Replace(n, "_$1").ToLowerInvariant());
        Assert.Equal(read, returned);
    }

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex WordStart();
}
