using System.CommandLine;
using Baton.Cli.Invocation;
using Baton.Worker.Configuration;

namespace Baton.Cli.Commands.Worker;

/// <summary><c>baton worker validate --config PATH</c>: every problem in the file, each with its line.</summary>
public static class WorkerValidateCommand
{
    public static Command Create()
    {
        var config = WorkerOptions.Config();
        var command = new Command("validate", "Check a worker config without starting anything: every problem is reported with its line. Exit 0 when it is usable, else 1.")
        {
            config,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var path = parse.GetRequiredValue(config).FullName;
            var shown = parse.GetResult(config)!.Tokens[0].Value;
            var loaded = WorkerConfigLoader.Load(path);
            var problems = loaded.Problems.ToList();
            if (loaded.Config is { } valid)
            {
                if (ApiKeyResolver.Resolve(valid, CredentialStore.FindApiKey).Key is null)
                {
                    problems.Add(new ConfigProblem(0, ApiKeyResolver.MissingKeyMessage));
                }

                problems.AddRange(HandlerCommandCheck.Warnings(
                    valid, Environment.GetEnvironmentVariable("PATH"), Directory.GetCurrentDirectory()));
            }

            foreach (var problem in problems) error.WriteLine(problem.Format(shown));
            var errors = problems.Count(p => !p.IsWarning);
            if (errors > 0 || loaded.Config is null)
            {
                error.WriteLine($"{shown}: {errors} error(s).");
                return ExitCodes.UserError;
            }

            var c = loaded.Config;
            var (_, keySource) = ApiKeyResolver.Resolve(c, CredentialStore.FindApiKey);
            output.WriteLine($"{shown}: OK. Worker {c.WorkerId} on {c.ApiBase.AbsoluteUri.TrimEnd('/')} (key from {keySource}), " +
                             $"handlers: {string.Join(", ", c.TaskNames)}; up to {c.MaxConcurrent} at once" +
                             (c.Prefetch > 0 ? $", {c.Prefetch} more prefetched." : "."));
            return ExitCodes.Success;
        });
        return command;
    }
}
