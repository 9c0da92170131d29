using System.CommandLine;
using Baton.Cli.Invocation;
using Baton.Worker;

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
        var command = new Command("worker", """
            Run the worker daemon: claim executions for the task names in the config's handlers, run each handler as a shell
            command (its own process group), heartbeat while it runs, and report the outcome from its exit code and outcome file.
            SIGTERM/Ctrl-C stops claiming, lets running handlers finish within shutdown_grace_seconds, then kills and releases
            the rest (a second signal skips the wait). Exit codes: 0 stopped; 1 config errors; 3 no key, or the server refused it.
            """)
        {
            config,
            workerId,
            WorkerValidateCommand.Create(),
            WorkerInstallServiceCommand.Create(),
            WorkerUninstallServiceCommand.Create(),
        };
        command.SetAction((parse, _) => WorkerHost.RunAsync(
            parse.GetRequiredValue(config).FullName, CredentialStore.FindApiKey, Console.Out, Console.Error, parse.GetValue(workerId)));
        return command;
    }
}
