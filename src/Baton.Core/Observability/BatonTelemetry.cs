using System.Diagnostics;

namespace Baton.Core.Observability;

/// <summary>The names Baton's telemetry goes by: one meter and one activity source, both <c>Baton</c>.</summary>
public static class BatonTelemetry
{
    public const string Name = "Baton";

    /// <summary>Spans around store operations and the background loops' passes.</summary>
    public static readonly ActivitySource Source = new(Name);
}
