namespace Baton.Bench;

/// <summary>
/// What a bench server is started with beyond the defaults: more <c>baton serve</c> arguments and environment
/// variables, and whether a scraper reads <c>/metrics</c> every second while the work runs, as Prometheus would.
/// </summary>
public sealed record ServerOptions
{
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public bool ScrapeMetrics { get; init; }
}
