using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Baton.Storage.Sqlite.Tests;

/// <summary>
/// The execution reader reads by <see cref="ExecutionRows.Column"/>; the statements return
/// <see cref="ExecutionRows.Columns"/>. Both must name the same columns in the same order, and the table must have
/// them: a column added to one and not the other would read one field's value into another.
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

        var read = Enum.GetNames<ExecutionRows.Column>().Select(n => WordStart().Replace(n, "_$1").ToLowerInvariant());
        Assert.Equal(read, returned);
    }

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex WordStart();
}
