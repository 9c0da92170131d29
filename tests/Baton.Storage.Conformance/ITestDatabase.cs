using Baton.Core.Storage;

namespace Baton.Storage.Conformance;

/// <summary>
/// A fresh, migrated, empty database for one test. Every store opened on it uses its own connections, so race
/// tests can put many real connections against one database.
/// </summary>
public interface ITestDatabase : IAsyncDisposable
{
    Task<IBatonStore> OpenStoreAsync(TimeProvider time);
}
