using Baton.Core.Workers;

namespace Baton.Server.Dashboard;

/// <summary>The workers page: every worker of the tenant, judged against <see cref="Now"/>.</summary>
public sealed record WorkersModel(IReadOnlyList<Worker> Workers, DateTimeOffset Now);
