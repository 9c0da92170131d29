namespace Baton.Storage.Sqlite;

public sealed record SqliteStoreOptions
{
    public required string DatabasePath { get; init; }

    /// <summary>
    /// <c>synchronous=FULL</c> (default) fsyncs the WAL on every commit, so a 2xx survives power loss, not just a
    /// process crash. <c>NORMAL</c> survives <c>kill -9</c> (the OS has the pages) but may lose the last commits on
    /// power loss; it is faster and is offered for machines where that trade is acceptable.
    /// </summary>
    public bool SynchronousFull { get; init; } = true;

    /// <summary>
    /// How long a write waits for another process's write lock on the file before the store reports it unavailable
    /// (the server answers 503 <c>store_unavailable</c>).
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
