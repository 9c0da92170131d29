using System.Diagnostics;

namespace Baton.Worker.Handlers;

/// <summary>
/// One running handler: <c>setsid SHELL -c COMMAND</c>, so the shell leads a new session and process group and a
/// kill reaches everything it started (children that ignore SIGTERM get SIGKILL after the grace). Where there is
/// no <c>setsid</c> program (macOS), the shell runs directly and is stopped by .NET's process-tree kill instead.
/// Standard input is closed; standard output and error go to one 4 KB tail.
/// </summary>
internal sealed class HandlerProcess : IDisposable
{
    private static readonly string? SetsidPath = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    /// <summary>After the shell exits, how long to keep reading output that a leftover background child may still hold open.</summary>
    private static readonly TimeSpan OutputDrain = TimeSpan.FromMilliseconds(500);

    private readonly Process _process;
    private readonly OutputTail _output = new();
    private readonly Task _readers;
    private readonly bool _ownGroup;

    private HandlerProcess(Process process, bool ownGroup)
    {
        _process = process;
        _ownGroup = ownGroup;
        _readers = Task.WhenAll(PumpAsync(process.StandardOutput.BaseStream), PumpAsync(process.StandardError.BaseStream));
    }

    public int ProcessId => _process.Id;

    public static HandlerProcess Start(HandlerStartInfo info)
    {
        var start = new ProcessStartInfo(SetsidPath ?? info.Shell)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = info.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        if (SetsidPath is not null)
        {
            // --wait: should setsid ever have to fork (it does when it is already a group leader, which a child of
            // ours is not), it still waits and passes the shell's exit status on.
            start.ArgumentList.Add("--wait");
            start.ArgumentList.Add(info.Shell);
        }

        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(info.Command);
        foreach (var (name, value) in info.Environment) start.Environment[name] = value;

        var process = new Process { StartInfo = start };
        process.Start();
        process.StandardInput.Close();
        return new HandlerProcess(process, SetsidPath is not null);
    }

    /// <summary>Waits for the shell to exit; returns its exit code (128 + N when killed by signal N).</summary>
    public async Task<int> WaitForExitAsync(CancellationToken ct)
    {
        await _process.WaitForExitAsync(ct);
        // A background child may keep the pipes open after the shell is gone; do not wait for it.
        await Task.WhenAny(_readers, Task.Delay(OutputDrain, CancellationToken.None));
        return _process.ExitCode;
    }

    public string OutputText() => _output.Text();

    /// <summary>SIGTERM to the whole group, then SIGKILL to whatever is left after <paramref name="grace"/>.</summary>
    public async Task KillAsync(TimeSpan grace)
    {
        var group = await GroupIdAsync();
        if (group is null)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
            return;
        }

        if (ProcessGroup.Signal(group.Value, ProcessGroup.SigTerm))
        {
            using var graceOver = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(graceOver.Token);
            }
            catch (OperationCanceledException)
            {
                // The shell outlived the grace; SIGKILL below.
            }

            // The shell may be gone while a child that ignored SIGTERM lives on in the group: give it the grace too.
            while (!graceOver.IsCancellationRequested && ProcessGroup.HasLiveMembers(group.Value))
            {
                await Task.Delay(100, CancellationToken.None);
            }

            if (ProcessGroup.HasLiveMembers(group.Value)) ProcessGroup.Signal(group.Value, ProcessGroup.SigKill);
        }

        await _process.WaitForExitAsync(CancellationToken.None);
    }

    public void Dispose() => _process.Dispose();

    /// <summary>The group to signal: the shell's own (its pid), verified; null means fall back to the tree kill.</summary>
    private async Task<int?> GroupIdAsync()
    {
        if (!_ownGroup) return null;
        // setsid calls setsid() just after it starts, so a kill right after the start may see the old group briefly.
        for (var i = 0; i < 100; i++)
        {
            var group = ProcessGroup.GroupOf(_process.Id);
            if (group == _process.Id) return group;
            // The shell is gone and reaped; its group lives on while a child of it does.
            if (group == -1) return _process.Id;
            await Task.Delay(10, CancellationToken.None);
        }

        return null;
    }

    private async Task PumpAsync(Stream stream)
    {
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0) _output.Append(buffer.AsSpan(0, read));
        }
        catch (IOException)
        {
            // The pipe broke: the output so far is what there is.
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
