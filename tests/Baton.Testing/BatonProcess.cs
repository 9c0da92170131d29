using System.Diagnostics;
using System.Text;
using Baton.Cli;
using Baton.Cli.Hosting;
using Xunit;

namespace Baton.Testing;

/// <summary>
/// A real <c>baton</c> process: the Cli project's <c>baton.dll</c>, which the project reference copies next to this
/// test assembly, run with <c>dotnet</c>. Shared by the test projects that run <c>baton</c> (CLI and worker). Captures standard output line by line so tests can wait for the ready
/// line and read the API key the first start prints.
/// </summary>
public sealed class BatonProcess : IAsyncDisposable
{
    /// <summary>Start-up on a loaded 2-core machine takes a few seconds; this only bounds a hang.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BatonProcess(Process process)
    {
        _process = process;
    }

    public static string BatonDll { get; } =
        Path.Combine(AppContext.BaseDirectory, typeof(BatonCommandLine).Assembly.GetName().Name + ".dll");

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public IReadOnlyList<string> StdoutLines
    {
        get
        {
            lock (_stdout) return [.. _stdout];
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr) return _stderr.ToString();
        }
    }

    /// <summary>The API key line the first start of a new database prints, or null.</summary>
    public string? PrintedApiKey => StdoutLines
        .Where(l => l.StartsWith(ServeRunner.ApiKeyLinePrefix, StringComparison.Ordinal))
        .Select(l => l[ServeRunner.ApiKeyLinePrefix.Length..].Trim())
        .SingleOrDefault();

    public static BatonProcess Start(params string[] args) => StartWithEnvironment(new Dictionary<string, string>(), args);

    /// <summary>Starts <c>baton</c> in <paramref name="workingDirectory"/>, where relative paths resolve.</summary>
    public static BatonProcess StartIn(string workingDirectory, params string[] args) =>
        StartWithEnvironment(new Dictionary<string, string>(), args, workingDirectory);

    /// <summary>Starts <c>baton</c> with <paramref name="environment"/> added to a copy of this process's environment.</summary>
    public static BatonProcess StartWithEnvironment(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartWithEnvironment(environment, args, workingDirectory: null);

    /// <summary>
    /// <see cref="StartWithEnvironment(IReadOnlyDictionary{string, string}, string[])"/> with SIGINT at its default
    /// disposition, as a command started from a terminal has it. A process started by a non-interactive shell as a
    /// background job (as CI may run the tests) inherits SIGINT ignored, and a process that starts with SIGINT
    /// ignored keeps ignoring it, as POSIX asks (.NET then installs no Ctrl-C handler): without this, a test of
    /// Ctrl-C would depend on how the test run was started.
    /// </summary>
    public static BatonProcess StartInterruptible(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartWithEnvironment(environment, args, workingDirectory: null, defaultInterrupt: true);

    private static BatonProcess StartWithEnvironment(
        IReadOnlyDictionary<string, string> environment, string[] args, string? workingDirectory, bool defaultInterrupt = false)
    {
        var info = new ProcessStartInfo(defaultInterrupt ? "env" : DotnetHost())
        {
            WorkingDirectory = workingDirectory ?? "",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (defaultInterrupt)
        {
            // env(1) resets the disposition and execs the host: the process id stays the same.
            info.ArgumentList.Add("--default-signal=INT");
            info.ArgumentList.Add(DotnetHost());
        }

        info.ArgumentList.Add(BatonDll);
        foreach (var a in args) info.ArgumentList.Add(a);
        // The tests pass every setting on the command line; a developer's environment must not change them.
        info.Environment.Remove("BATON_URL");
        info.Environment.Remove("BATON_DATA_DIR");
        info.Environment.Remove("BATON_API_KEY");
        info.Environment.Remove("BATON_AGENT");
        foreach (var (name, value) in environment) info.Environment[name] = value;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var baton = new BatonProcess(process);
        process.OutputDataReceived += (_, e) => baton.OnStdout(e.Data);
        process.ErrorDataReceived += (_, e) => baton.OnStderr(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return baton;
    }

    /// <summary>Starts <c>baton serve</c> on a free port over <paramref name="dataDirectory"/> and waits until it listens.</summary>
    public static Task<BatonProcess> ServeAsync(string dataDirectory, params string[] extraArgs) =>
        ServeAtAsync("http://127.0.0.1:0", dataDirectory, extraArgs);

    /// <summary>
    /// Starts <c>baton serve</c> at <paramref name="url"/> (a test that restarts a server on the same address) and
    /// waits until it listens; a server that never gets ready is stopped, not left running.
    /// </summary>
    public static async Task<BatonProcess> ServeAtAsync(string url, string dataDirectory, params string[] extraArgs)
    {
        var baton = Start(["serve", "--url", url, "--data-dir", dataDirectory, .. extraArgs]);
        try
        {
            await baton.WaitForReadyAsync();
            return baton;
        }
        catch
        {
            await baton.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <c>baton</c> with <paramref name="args"/> to completion.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        await using var baton = Start(args);
        var exitCode = await baton.WaitForExitAsync(StartTimeout);
        return (exitCode, string.Join('\n', baton.StdoutLines), baton.Stderr);
    }

    /// <summary>The URL from the ready line, once the server is listening.</summary>
    public async Task<Uri> WaitForReadyAsync()
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_ready.Task, exited).WaitAsync(StartTimeout);
        if (first != _ready.Task)
        {
            throw new InvalidOperationException(
                $"baton exited with {_process.ExitCode} before its ready line.\nstdout:\n{string.Join('\n', StdoutLines)}\nstderr:\n{Stderr}");
        }

        return new Uri(await _ready.Task);
    }

    /// <summary>Writes <paramref name="text"/> to standard input and closes it, as <c>echo text | baton …</c> would.</summary>
    public async Task WriteStandardInputAsync(string text)
    {
        await _process.StandardInput.WriteAsync(text);
        _process.StandardInput.Close();
    }

    /// <summary>SIGTERM, as systemd, Docker and Kubernetes stop a service.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>SIGKILL to this process alone: its children (a worker's handlers in their own sessions) live on.</summary>
    public async Task KillAloneAsync()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-KILL", Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
        await kill.WaitForExitAsync();
        await _process.WaitForExitAsync();
    }

    /// <summary>Waits until a line of standard output satisfies <paramref name="match"/>; fails if the process exits first.</summary>
    public async Task<string> WaitForStdoutAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (StdoutLines.FirstOrDefault(match) is { } line) return line;
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"baton {(_process.HasExited ? "exited" : "did not print the awaited line in time")}.\nstdout:\n{string.Join('\n', StdoutLines)}\nstderr:\n{Stderr}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL: no chance to flush, close or checkpoint anything.</summary>
    public Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: true);
        return _process.WaitForExitAsync();
    }

    /// <summary>The exit code, after waiting for the process and for the end of its output.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            await _stdoutClosed.Task.WaitAsync(timeout);
        }
        catch (TimeoutException e)
        {
            // Say which wait ran out: a process that is still running, or one that exited whose output never closed.
            throw new TimeoutException(
                $"baton did not finish within {timeout.TotalSeconds:0} s: exited {_process.HasExited}, output closed " +
                $"{_stdoutClosed.Task.IsCompleted}.\nstdout:\n{string.Join('\n', StdoutLines)}\nstderr:\n{Stderr}", e);
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnStdout(string? line)
    {
        if (line is null)
        {
            _stdoutClosed.TrySetResult();
            return;
        }

        lock (_stdout) _stdout.Add(line);
        if (line.StartsWith(ServeRunner.ReadyLinePrefix, StringComparison.Ordinal))
        {
            // "Baton listening on http://127.0.0.1:PORT (sqlite: …)"
            _ready.TrySetResult(line[ServeRunner.ReadyLinePrefix.Length..].Split(' ')[0]);
        }
    }

    private void OnStderr(string? line)
    {
        if (line is null) return;
        lock (_stderr) _stderr.AppendLine(line);
    }

    /// <summary>The dotnet host running this test (set by the SDK for test runs), else the one on PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : "dotnet";
}
