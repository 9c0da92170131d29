namespace Baton.Worker.Configuration;

/// <summary>A loaded config, or every problem that stopped it; warnings either way.</summary>
public sealed record ConfigLoadResult(WorkerConfig? Config, IReadOnlyList<ConfigProblem> Problems)
{
    public IEnumerable<ConfigProblem> Errors => Problems.Where(p => !p.IsWarning);

    public IEnumerable<ConfigProblem> Warnings => Problems.Where(p => p.IsWarning);

    public bool IsValid => Config is not null && !Errors.Any();
}
