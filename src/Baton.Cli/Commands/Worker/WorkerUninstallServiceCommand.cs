using System.CommandLine;
using Baton.Worker.Service;

namespace Baton.Cli.Commands.Worker;

/// <summary><c>baton worker uninstall-service</c>: stop and remove what <c>install-service</c> installed.</summary>
public static class WorkerUninstallServiceCommand
{
    public static Command Create()
    {
        var name = WorkerOptions.ServiceName();
        var manager = WorkerOptions.Manager();
        var command = new Command("uninstall-service", "Stop the worker service and remove its unit (or plist).") { name, manager };
        command.SetAction((parse, _) => ServiceInstaller.UninstallAsync(
            parse.GetRequiredValue(manager), parse.GetRequiredValue(name),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }
}
