namespace Baton.Core.Cues;

/// <summary><c>schedule.type</c>: one instant, a cron in a time zone, or only when fired.</summary>
public static class ScheduleTypes
{
    public const string Once = "once";
    public const string Recurring = "recurring";
    public const string OnDemand = "on_demand";

    public static readonly IReadOnlyList<string> All = [Once, Recurring, OnDemand];
}
