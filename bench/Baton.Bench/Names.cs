namespace Baton.Bench;

/// <summary>System names as the report prints them.</summary>
public static class Names
{
    public const string BatonSqlite = "Baton (SQLite)";
    public const string BatonPostgres = "Baton (PostgreSQL)";
    public const string GraphileBatched = "graphile-worker batched";
    public const string GraphileDefault = "graphile-worker default";
    public const string PgBossBest = "pg-boss batch 50 + burst";
    public const string PgBossBatch1 = "pg-boss batch 1";
    public const string PgBossNotify = "pg-boss notify";
    public const string Hangfire = "Hangfire + PostgreSql";
    public const string BullMqDefault = "BullMQ default";
    public const string BullMqBest = "BullMQ best";
    public const string BullMq = "BullMQ";
}
