using System.CommandLine;
using Baton.Worker.Service;

namespace Baton.Cli.Commands.Worker;

/// <summary>Options the <c>worker</c> commands share; each command gets its own instance.</summary>
internal static class WorkerOptions
{
    public static Option<FileInfo> Config() => new("--config", "-c")
    {
        Description = "The worker's YAML config file (docs/worker.md; cueapi-worker configs work unchanged).",
        HelpName = "path",
        Required = true,
    };

    public static Option<string> ServiceName()
    {
        var option = new Option<string>("--name")
        {
            Description = $"The service's name, to run several workers on one machine. [default: {ServiceDefinition.DefaultName}]",
            HelpName = "name",
            DefaultValueFactory = _ => ServiceDefinition.DefaultName,
        };
        option.Validators.Add(result =>
        {
            var name = result.GetValueOrDefault<string>();
            if (string.IsNullOrEmpty(name) || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            {
                result.AddError("--name may hold only letters, digits, '-', '_' and '.'.");
            }
        });
        return option;
    }

    public static Option<ServiceKind> Manager() => new("--manager")
    {
        Description = "Which service manager to write for: systemd (a user unit) or launchd (a user agent). [default: this platform's]",
        HelpName = "systemd|launchd",
        DefaultValueFactory = _ => ServiceInstaller.ForThisPlatform,
    };
}
