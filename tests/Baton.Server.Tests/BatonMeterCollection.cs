using Xunit;

namespace Baton.Server.Tests;

/// <summary>
/// Tests that read <c>/metrics</c> run alone, after the parallel ones. The OpenTelemetry SDK subscribes to meters by
/// name, and every server in this process has a meter named <c>Baton</c>: while other servers run, their instruments
/// of the same name can be the ones a scrape's metric stream is bound to, and that stream ends when their server
/// stops. One server per process, as in production, has no such neighbours.
/// </summary>
[CollectionDefinition(nameof(BatonMeterCollection), DisableParallelization = true)]
public sealed class BatonMeterCollection;
