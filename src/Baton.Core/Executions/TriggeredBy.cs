namespace Baton.Core.Executions;

/// <summary>Where an execution came from (<c>triggered_by</c> on the wire).</summary>
public static class TriggeredBy
{
    public const string Api = "api";
    public const string Scheduled = "scheduled";
    public const string ManualFire = "manual_fire";
    public const string Replay = "replay";
    public const string Chain = "chain";
}
