using System.CommandLine;
using Baton.Cli.Invocation;
using Baton.Worker.Configuration;
using Baton.Worker.Service;

namespace Baton.Cli.Commands.Worker;

/// <summary><c>baton worker install-service --config PATH [--print]</c>: a systemd user unit or a launchd agent for the worker.</summary>
public static class WorkerInstallServiceCommand
{
    public static Command Create()
    {
        var config = WorkerOptions.Config();
        var print = new Option<bool>("--print") { Description = "Print the unit (or plist) instead of installing it." };
        var name = WorkerOptions.ServiceName();
        var manager = WorkerOptions.Manager();
        var command = new Command("install-service", """
            Install the worker as a service that starts at login and restarts after a crash: a systemd user unit
            (~/.config/systemd/user/NAME.service, enabled and started) on Linux, a launchd agent (~/Library/LaunchAgents) on macOS.
            The unit runs this baton with `worker --config PATH` (the absolute path). The config is checked first.
            """)
        {
            config, print, name, manager,
        };
        command.SetAction(async (parse, _) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var path = parse.GetRequiredValue(config).FullName;
            var loaded = WorkerConfigLoader.Load(path);
            foreach (var problem in loaded.Problems) await error.WriteLineAsync(problem.Format(path));
            if (!loaded.IsValid)
            {
                await error.WriteLineAsync($"{path} has errors; no service written.");
                return ExitCodes.UserError;
            }

            var worker = loaded.Config!;
            var service = ServiceDefinition.ForThisProcess(parse.GetRequiredValue(name), path, worker.ShutdownGrace, worker.KillGrace);
            var kind = parse.GetRequiredValue(manager);
            if (parse.GetValue(print))
            {
                await output.WriteAsync(ServiceInstaller.Render(kind, service));
                return ExitCodes.Success;
            }

            if (worker.ApiKey is null)
            {
                await error.WriteLineAsync(
                    "note: the config has no api_key, and a service does not see this shell's BATON_API_KEY; it will use the key " +
                    "`baton login` saved, if any. Put api_key in the config (readable by you only) to be sure.");
            }

            return await ServiceInstaller.InstallAsync(kind, service, output, error);
        });
        return command;
    }
}
