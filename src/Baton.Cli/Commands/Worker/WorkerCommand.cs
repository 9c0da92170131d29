using System.CommandLine;
using Baton.Cli.Invocation;
using Baton.Worker;
using Baton.Worker.Configuration;

namespace Baton.Cli.Commands.Worker;

/// <summary>
/// <c>baton worker --config PATH</c>: the pull-based worker daemon (Baton.Worker, docs/worker.md), and its
/// <c>validate</c>, <c>install-service</c> and <c>uninstall-service</c> subcommands.
/// </summary>
public static class WorkerCommand
{
    public static Command Create()
    {
        var config = WorkerOptions.Config();
        var workerId = new Option<string?>("--worker-id")
        {
            Description = "This daemon's worker id, instead of the config's worker_id (e.g. two daemons from one config on one machine).",
            HelpName = "id",
        };
        workerId.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } id && (id.Trim().Length == 0 || id.Length > 255))
            {
                result.AddError("--worker-id must be 1-255 characters.");
            }
        });
        var prefetch = new Option<int?>("--prefetch")
        {
            Description = "Keep up to N claimed executions ready beyond the running ones, instead of the config's prefetch " +
                          $"(0-{WorkerConfigLoader.MaxPrefetch}; 0 claims only for free slots). A free slot then starts the next " +
                          "execution without a round trip; each waits at most half its lease, then is released for other workers.",
            HelpName = "N",
        };
        prefetch.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } n && n is < 0 or > WorkerConfigLoader.MaxPrefetch)
            {
                result.AddError($"--prefetch must be a whole number from 0 to {WorkerConfigLoader.MaxPrefetch}, not {n}.");
            }
        });
        var command = new Command("worker", """
            Run the worker daemon: claim executions for the task names in the config's handlers, run each handler as a shell
            command (its own process group), heartbeat while it runs, and report the outcome from its exit code and outcome file.
            With prefetch (config key or --prefetch) it keeps that many more claimed and ready, so a fast handler's slot starts
            the next one without a round trip; prefetched work waits at most half its lease, then goes back to the queue.
            SIGTERM/Ctrl-C stops claiming, releases prefetched work that had not started, lets running handlers finish within
            shutdown_grace_seconds, then kills and releases the rest (a second signal skips the wait).
            Exit codes: 0 stopped; 1 config errors; 3 no key, or the server refused it.
            """)
        {
            config,
            workerId,
            prefetch,
            WorkerValidateCommand.Create(),
            WorkerInstallServiceCommand.Create(),
            WorkerUninstallServiceCommand.Create(),
        };
        command.SetAction((parse, _) => WorkerHost.RunAsync(
            parse.GetRequiredValue(config).FullName, CredentialStore.FindApiKey, Console.Out, Console.Error, parse.GetValue(workerId),
            parse.GetValue(prefetch)));
        return command;
    }
}
