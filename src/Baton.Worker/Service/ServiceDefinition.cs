using System.Reflection;

namespace Baton.Worker.Service;

/// <summary>What a service unit for one worker says: which program to run with which config, and how long a stop may take.</summary>
public sealed record ServiceDefinition(string Name, IReadOnlyList<string> Command, string ConfigPath, TimeSpan StopTimeout)
{
    public const string DefaultName = "baton-worker";

    public string WorkingDirectory => Path.GetDirectoryName(ConfigPath) ?? "/";

    /// <summary>
    /// The command that runs this very <c>baton</c> as <c>baton worker --config PATH</c>: the apphost when started
    /// through it, else <c>dotnet baton.dll</c>.
    /// </summary>
    public static ServiceDefinition ForThisProcess(string name, string configPath, TimeSpan shutdownGrace, TimeSpan killGrace)
    {
        var processPath = Environment.ProcessPath ?? "baton";
        var command = new List<string> { processPath };
        // Under the dotnet host the entry assembly is a file beside the app (Assembly.Location would not do: it is
        // empty in a single-file publish, which the compiler flags even though that build never takes this branch).
        if (Path.GetFileNameWithoutExtension(processPath) == "dotnet" && Assembly.GetEntryAssembly()?.GetName().Name is { } entry)
        {
            command.Add(Path.Combine(AppContext.BaseDirectory, entry + ".dll"));
        }

        var fullConfig = Path.GetFullPath(configPath);
        command.AddRange(["worker", "--config", fullConfig]);
        // The drain (grace), one kill grace, and some room for the last reports and releases.
        var stop = shutdownGrace + killGrace + TimeSpan.FromSeconds(15);
        return new ServiceDefinition(name, command, fullConfig, stop);
    }
}
