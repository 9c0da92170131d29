using System.Globalization;
using System.Text;

namespace Baton.Worker.Service;

/// <summary>A systemd user unit (<c>~/.config/systemd/user/NAME.service</c>) that runs the worker.</summary>
public static class SystemdUnit
{
    public static string FileName(string name) => name + ".service";

    public static string DirectoryPath() =>
        Path.Combine(
            Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config"),
            "systemd", "user");

    public static string Render(ServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var seconds = ((int)Math.Ceiling(service.StopTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"""
            [Unit]
            Description=Baton worker ({Escape(service.ConfigPath)})
            Wants=network-online.target
            After=network-online.target

            [Service]
            Type=simple
            ExecStart={string.Join(' ', service.Command.Select(Quote))}
            WorkingDirectory={Escape(service.WorkingDirectory)}
            Environment={ServiceManager.MarkerVariable}=systemd
            # SIGTERM goes to the worker alone, which lets running handlers finish, then kills and releases the rest;
            # whatever is still alive after TimeoutStopSec gets SIGKILL.
            KillMode=mixed
            TimeoutStopSec={seconds}
            Restart=on-failure
            RestartSec=5
            # 1: the config has errors; 3: the server refused the key. A restart cannot fix either.
            RestartPreventExitStatus=1 3

            [Install]
            WantedBy=default.target

            """);
        return builder.ToString();
    }

    // WorkingDirectory= takes a bare absolute path (spaces and all); quotes there make systemd refuse the unit with
    // "path is not absolute". Only ExecStart= is a command line of quoted words.

    /// <summary>One word of a systemd command line: quoted, with specifiers (%) and variables ($) kept literal.</summary>
    private static string Quote(string word) =>
        "\"" + Escape(word).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("$", "$$", StringComparison.Ordinal) + "\"";

    private static string Escape(string text) => text.Replace("%", "%%", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
