using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>The read-for-update and compare-and-set commands of a decided transition, prepared once per batch.</summary>
internal sealed class TransitionStatements(SqliteCommand read, SqliteCommand apply) : IDisposable
{
    public SqliteCommand Read { get; } = read;
    public SqliteCommand Apply { get; } = apply;

    public void Dispose()
    {
        Read.Dispose();
        Apply.Dispose();
    }
}
