using System.Diagnostics;
using Spectre.Console;

namespace Baton.Cli.Output;

/// <summary>
/// A wait that shows a live status line on a terminal (what is being waited for, its status or counts, the time
/// waited) and nothing at all otherwise: with --json, --quiet, or output to a pipe or file the wait is one silent
/// long-poll chain. On a terminal the long-polls are cut into slices of <see cref="Slice"/> so the line stays current.
/// </summary>
public static class LiveWait
{
    public static readonly TimeSpan Slice = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    /// <param name="output">Where the line goes; it decides whether there is one.</param>
    /// <param name="timeout">How long to wait in all.</param>
    /// <param name="waitFor">One long-poll of at most the given time; returns the state when it ends.</param>
    /// <param name="finished">Whether a state ends the wait.</param>
    /// <param name="describe">The status line for a state (null before the first answer).</param>
    /// <param name="ct">Stops the wait.</param>
    public static async Task<T> RunAsync<T>(
        CommandOutput output, TimeSpan timeout, Func<TimeSpan, CancellationToken, Task<T>> waitFor, Func<T, bool> finished,
        Func<T?, string> describe, CancellationToken ct)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(waitFor);
        ArgumentNullException.ThrowIfNull(finished);
        ArgumentNullException.ThrowIfNull(describe);
        if (!ShowsLine(output)) return await waitFor(timeout, ct);

        var waited = Stopwatch.StartNew();
        T? latest = null;
        string Line() => $"{describe(latest)} · {waited.Elapsed.TotalSeconds:0} s";
        return await output.Console.Status().StartAsync(Markup.Escape(Line()), async context =>
        {
            while (true)
            {
                // The first poll answers at once, so the line shows the status instead of "…" for a whole slice.
                var left = latest is null ? TimeSpan.Zero : timeout - waited.Elapsed;
                var poll = waitFor(left < TimeSpan.Zero ? TimeSpan.Zero : left < Slice ? left : Slice, ct);
                while (!poll.IsCompleted)
                {
                    context.Status(Markup.Escape(Line()));
                    await Task.WhenAny(poll, Task.Delay(Tick, ct));
                }

                latest = await poll;
                context.Status(Markup.Escape(Line()));
                if (finished(latest) || waited.Elapsed >= timeout) return latest;
            }
        });
    }

    /// <summary>A person watches: text mode (not --json or --quiet) with both output streams on a terminal.</summary>
    public static bool ShowsLine(CommandOutput output) =>
        output.IsInteractive && !Console.IsOutputRedirected && !Console.IsErrorRedirected;
}
