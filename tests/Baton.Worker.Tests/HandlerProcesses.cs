using System.Diagnostics;
using System.Globalization;

namespace Baton.Worker.Tests;

/// <summary>What the tests check about handler processes, read from /proc.</summary>
internal static class HandlerProcesses
{
    /// <summary>Running (a zombie waiting for init to reap it counts as gone).</summary>
    public static bool IsAlive(int pid) => Stat(pid) is { } fields && fields[0] != "Z";

    public static int ProcessGroupOf(int pid) =>
        Stat(pid) is { } fields ? int.Parse(fields[2], CultureInfo.InvariantCulture) : -1;

    /// <summary>Whether <paramref name="pid"/> ignores SIGTERM (bit 15 of SigIgn in /proc/PID/status).</summary>
    public static bool IgnoresSigterm(int pid)
    {
        var line = File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        var mask = ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return (mask & (1UL << 14)) != 0;
    }

    public static void KillGroup(int pid)
    {
        try
        {
            using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-KILL", "--", "-" + pid.ToString(CultureInfo.InvariantCulture) }, RedirectStandardError = true })!;
            kill.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }

    /// <summary>The fields of /proc/PID/stat after the command name: state, ppid, pgrp, …; null when gone.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
