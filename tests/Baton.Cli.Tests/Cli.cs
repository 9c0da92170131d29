using Baton.Testing;

namespace Baton.Cli.Tests;

/// <summary>Runs the real <c>baton</c> process to completion with a given environment.</summary>
internal static class Cli
{
    public static Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunAsync(environment, TimeSpan.Zero, args);

    /// <summary>
    /// <see cref="RunAsync(IReadOnlyDictionary{string, string}, string[])"/> for a command that waits on purpose for
    /// <paramref name="expectedWait"/> (e.g. the server's busy timeout) on top of starting up.
    /// </summary>
    public static async Task<CliResult> RunAsync(
        IReadOnlyDictionary<string, string> environment, TimeSpan expectedWait, params string[] args)
    {
        await using var baton = BatonProcess.StartWithEnvironment(environment, args);
        var exitCode = await baton.WaitForExitAsync(BatonProcess.StartTimeout + expectedWait);
        return new CliResult(exitCode, string.Join('\n', baton.StdoutLines), baton.Stderr);
    }

    /// <summary>Runs the real <c>baton</c> process with <paramref name="input"/> on its standard input.</summary>
    public static async Task<CliResult> RunWithInputAsync(IReadOnlyDictionary<string, string> environment, string input, params string[] args)
    {
        await using var baton = BatonProcess.StartWithEnvironment(environment, args);
        await baton.WriteStandardInputAsync(input);
        var exitCode = await baton.WaitForExitAsync(BatonProcess.StartTimeout);
        return new CliResult(exitCode, string.Join('\n', baton.StdoutLines), baton.Stderr);
    }

    /// <summary>Against a port nothing listens on: any HTTP call would end in exit 2, never 1.</summary>
    public static Task<CliResult> RunAgainstNothingAsync(params string[] args) =>
        RunAsync(new Dictionary<string, string> { ["BATON_URL"] = "http://127.0.0.1:1", ["BATON_API_KEY"] = "bt_unused" }, args);
}
