using System.Text.Json.Serialization;

namespace Baton.Storage.Sqlite;

/// <summary>Source-generated JSON for the small arrays stored as TEXT (tags, backoff, handlers).</summary>
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(int[]))]
internal sealed partial class SqliteJson : JsonSerializerContext;
