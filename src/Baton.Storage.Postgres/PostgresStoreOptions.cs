namespace Baton.Storage.Postgres;

public sealed record PostgresStoreOptions
{
    /// <summary>An Npgsql connection string (<c>Host=…;Database=…;Username=…;Password=…</c>).</summary>
    public required string ConnectionString { get; init; }
}
