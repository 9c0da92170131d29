using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Baton.Testing;

namespace Baton.Cli.Tests;

/// <summary>
/// A real <c>baton</c> process on a terminal: run under <c>script(1)</c>, which gives it a pseudo-terminal for its
/// standard input, output and error, as a person's shell would. Collects everything the terminal showed.
/// </summary>
internal sealed partial class TerminalRun : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _screen = new();
    private readonly Task _reading;

    private TerminalRun(Process process)
    {
        _process = process;
        _reading = ReadAsync();
    }

    /// <summary>Everything written to the terminal so far, escape sequences included.</summary>
    public string Raw
    {
        get
        {
            lock (_screen) return _screen.ToString();
        }
    }

    /// <summary>What a person reads: <see cref="Raw"/> without escape sequences and carriage returns.</summary>
    public string Text => Escapes().Replace(Raw, "").Replace("\r", "", StringComparison.Ordinal);

    public static TerminalRun Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var script = new[] { "/usr/bin/script", "/bin/script" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("script(1) from util-linux is needed to give baton a terminal");
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";
        var command = "exec " + string.Join(' ', new[] { host, BatonProcess.BatonDll }.Concat(args).Select(Quote));
        var info = new ProcessStartInfo(script)
        {
            // -q no banner, -f flush at once, -e exit with baton's code, -c the command; the typescript goes nowhere.
            ArgumentList = { "-qfec", command, "/dev/null" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Kept open: script(1) ends the session when its standard input closes.
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.Environment.Remove("BATON_URL");
        info.Environment.Remove("BATON_API_KEY");
        info.Environment["TERM"] = "xterm-256color";
        info.Environment["COLUMNS"] = "160";
        foreach (var (name, value) in environment) info.Environment[name] = value;
        return new TerminalRun(Process.Start(info)!);
    }

    /// <summary>
    /// Waits until the terminal shows text matching <paramref name="pattern"/> (and <paramref name="accept"/>, when
    /// given); fails if baton ends first.
    /// </summary>
    public async Task<Match> WaitForTextAsync(string pattern, TimeSpan timeout, Func<Match, bool>? accept = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Regex.Matches(Text, pattern).FirstOrDefault(m => accept?.Invoke(m) ?? true) is { } match) return match;
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"the terminal did not show /{pattern}/ ({(_process.HasExited ? "baton exited" : "timed out")}); it showed:\n{Text}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>baton's exit code (script -e passes it on), after everything it showed has been read.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        await _reading.WaitAsync(timeout);
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

    private async Task ReadAsync()
    {
        var buffer = new char[4096];
        int read;
        while ((read = await _process.StandardOutput.ReadAsync(buffer)) > 0)
        {
            lock (_screen) _screen.Append(buffer, 0, read);
        }
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>CSI sequences (colours, cursor moves, erase) and the two-byte keypad-mode switches.</summary>
    [GeneratedRegex(@"\x1B\[[0-9;?]*[A-Za-z]|\x1B[=>]")]
    private static partial Regex Escapes();
}
