using Baton.Core.Storage;

namespace Baton.Storage.Conformance;

/// <summary>
/// A fresh, migrated, empty database for one test. Every store opened on it uses its own connections, so race
/// tests can put many real connections against one database.
/// </summary>
public interface ITestDatabase : IAsyncDisposable
{
    Task<IBatonStore> OpenStoreAsync(TimeProvider time);

    /// <summary>
    /// Takes the database back to before the execution counters' migration (0016): its tables, triggers and
    /// record gone, the executions kept, as a database made by an earlier version would be.
    /// </summary>
    Task UndoCountersMigrationAsync();
}
