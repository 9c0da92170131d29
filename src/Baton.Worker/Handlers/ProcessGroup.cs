using System.Runtime.InteropServices;

namespace Baton.Worker.Handlers;

/// <summary>
/// Signals to a whole process group through libc's <c>kill(-pgid, sig)</c>. .NET's <c>Process</c> can neither start
/// a child in a new session nor signal a group, so handlers are started through util-linux <c>setsid</c> (which
/// execs in place, so the group id is the child's pid) and stopped from here.
/// </summary>
internal static partial class ProcessGroup
{
    // The same numbers on Linux and macOS.
    public const int SigTerm = 15;
    public const int SigKill = 9;

    private const int NoSuchProcess = 3; // ESRCH

    /// <summary>Sends <paramref name="signal"/> to every process in group <paramref name="groupId"/>; false when none is left.</summary>
    public static bool Signal(int groupId, int signal)
    {
        if (Kill(-groupId, signal) == 0) return true;
        return Marshal.GetLastPInvokeError() != NoSuchProcess;
    }

    /// <summary>
    /// Whether any process of the group is still running. A killed process whose parent has not reaped it yet (a
    /// zombie) still answers <c>kill(-pgid, 0)</c>, and orphans wait for init to reap them, so on Linux the group's
    /// members are looked up in /proc and zombies do not count.
    /// </summary>
    public static bool HasLiveMembers(int groupId)
    {
        if (!Signal(groupId, 0)) return false;
        if (!OperatingSystem.IsLinux()) return true;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _)) continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // it ended while we looked
            }

            // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so parse after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 2 && fields[2] == groupId.ToString(System.Globalization.CultureInfo.InvariantCulture) && fields[0] != "Z")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The process group of <paramref name="processId"/>, or -1 when it is gone.</summary>
    public static int GroupOf(int processId) => GetProcessGroup(processId);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "getpgid", SetLastError = true)]
    private static partial int GetProcessGroup(int pid);
}
