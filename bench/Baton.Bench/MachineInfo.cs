using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Baton.Bench;

/// <summary>What the report says about the machine it ran on.</summary>
public sealed record MachineInfo(
    int Cores, string CpuModel, double MemoryGb, string Kernel, string LoadAverage, string DotnetVersion, string NodeVersion,
    string PostgresVersion, string RedisVersion)
{
    public static async Task<MachineInfo> ReadAsync(PgCluster cluster)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
            ?.Split(':', 2)[1].Trim() ?? "unknown";
        var memKb = double.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            System.Globalization.CultureInfo.InvariantCulture);
        var node = File.Exists(Tools.NodeBinary) ? (await OutputAsync(Tools.NodeBinary, "--version")).Trim() : "not installed";
        return new MachineInfo(Environment.ProcessorCount, cpu, memKb / 1024 / 1024, RuntimeInformation.OSDescription,
            File.ReadAllText("/proc/loadavg").Trim(), RuntimeInformation.FrameworkDescription, node,
            await cluster.ScalarAsync("SELECT version()"),
            await RedisServer.VersionAsync() ?? "not installed");
    }

    public static string LoadNow() => File.ReadAllText("/proc/loadavg").Trim();

    private static async Task<string> OutputAsync(string file, string args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var text = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return text;
    }
}
