using System.Diagnostics;

namespace Baton.Worker.Service;

/// <summary>
/// <c>baton worker install-service</c> / <c>uninstall-service</c>: writes (or removes) the user unit and asks the
/// service manager to enable and start (or stop) it. When the manager cannot be reached (no user session, a
/// container), the file stays and the commands to finish by hand are printed.
/// </summary>
public static partial class ServiceInstaller
{
    public static ServiceKind ForThisPlatform => OperatingSystem.IsMacOS() ? ServiceKind.Launchd : ServiceKind.Systemd;

    public static string Render(ServiceKind kind, ServiceDefinition service) =>
        kind == ServiceKind.Launchd ? LaunchdPlist.Render(service) : SystemdUnit.Render(service);

    public static string UnitPath(ServiceKind kind, string name) =>
        kind == ServiceKind.Launchd
            ? Path.Combine(LaunchdPlist.DirectoryPath(), LaunchdPlist.FileName(name))
            : Path.Combine(SystemdUnit.DirectoryPath(), SystemdUnit.FileName(name));

    public static async Task<int> InstallAsync(ServiceKind kind, ServiceDefinition service, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var path = UnitPath(kind, service.Name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, Render(kind, service));
        await output.WriteLineAsync($"wrote {path}");

        string[][] steps = kind == ServiceKind.Launchd
            ? [["launchctl", "bootstrap", $"gui/{UserId()}", path]]
            : [["systemctl", "--user", "daemon-reload"], ["systemctl", "--user", "enable", "--now", SystemdUnit.FileName(service.Name)]];
        if (!await RunStepsAsync(steps, output, error)) return 1;

        await output.WriteLineAsync(kind == ServiceKind.Launchd
            ? $"started {LaunchdPlist.Label(service.Name)}; it starts again at login. Log: {LaunchdPlist.LogPath(service.Name)}"
            : $"enabled and started {SystemdUnit.FileName(service.Name)}. Log: journalctl --user -u {service.Name} -f. " +
              "To keep it running while you are logged out: loginctl enable-linger $USER");
        return 0;
    }

    public static async Task<int> UninstallAsync(ServiceKind kind, string name, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var path = UnitPath(kind, name);
        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"no service to remove: {path} does not exist.");
            return 1;
        }

        string[][] steps = kind == ServiceKind.Launchd
            ? [["launchctl", "bootout", $"gui/{UserId()}", path]]
            : [["systemctl", "--user", "disable", "--now", SystemdUnit.FileName(name)]];
        // Stopping may fail when it never ran here; the file goes either way.
        var stopped = await RunStepsAsync(steps, output, error);
        File.Delete(path);
        await output.WriteLineAsync($"removed {path}");
        if (kind == ServiceKind.Systemd) await RunStepsAsync([["systemctl", "--user", "daemon-reload"]], output, error);
        return stopped ? 0 : 1;
    }

    private static async Task<bool> RunStepsAsync(string[][] steps, TextWriter output, TextWriter error)
    {
        foreach (var step in steps)
        {
            var (ok, message) = await RunAsync(step);
            if (ok) continue;
            await error.WriteLineAsync($"could not run `{string.Join(' ', step)}`: {message}");
            await error.WriteLineAsync("finish by hand with:");
            foreach (var s in steps) await error.WriteLineAsync("  " + string.Join(' ', s));
            return false;
        }

        return true;
    }

    private static async Task<(bool Ok, string Message)> RunAsync(string[] command)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1)) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var text = ((await stderr).Trim() + " " + (await stdout).Trim()).Trim();
            return (process.ExitCode == 0, process.ExitCode == 0 ? "" : $"exit {process.ExitCode}: {text}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (false, e.Message);
        }
    }

    private static string UserId() => GetUserId().ToString(System.Globalization.CultureInfo.InvariantCulture);

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "getuid")]
    private static partial uint GetUserId();
}
