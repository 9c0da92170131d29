namespace Baton.Server;

public enum StoreKind
{
    /// <summary>One embedded SQLite file: one server process.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database any number of server processes may share.</summary>
    Postgres,
}
