using System.Xml;
using System.Xml.Linq;
using Baton.Testing;

namespace Baton.Worker.Tests;

/// <summary><c>install-service</c> / <c>uninstall-service</c>: the units are well-formed and run this worker with its config.</summary>
public sealed class ServiceUnitTests(WorkerTestServer server)
{
    [Fact]
    public async Task The_systemd_unit_is_well_formed_and_runs_baton_worker_with_the_absolute_config_path()
    {
        await using var scenario = await WorkerScenario.CreateAsync(server);
        var config = scenario.WriteConfig("svc", "shutdown_grace_seconds: 20\nhandlers:\n  a: echo a\n");

        var (exit, stdout, stderr) = await BatonProcess.RunAsync("worker", "install-service", "--config", config, "--print", "--manager", "systemd");

        Assert.True(exit == 0, stderr);
        var unit = ParseSystemdUnit(stdout);
        Assert.Equal(["Unit", "Service", "Install"], unit.Keys);
        var words = SplitSystemdCommand(unit["Service"]["ExecStart"].Single());
        Assert.Equal(["worker", "--config", config], words[^3..]);
        Assert.True(File.Exists(words[0]), $"ExecStart runs an existing program: {words[0]}");
        Assert.Equal(Path.GetDirectoryName(config), unit["Service"]["WorkingDirectory"].Single());
        Assert.Equal("mixed", unit["Service"]["KillMode"].Single());
        Assert.Equal("on-failure", unit["Service"]["Restart"].Single());
        Assert.Equal("BATON_WORKER_SERVICE=systemd", unit["Service"]["Environment"].Single());
        // The drain (20 s) + the kill grace (1 s) + room for the last reports.
        Assert.True(int.Parse(unit["Service"]["TimeoutStopSec"].Single(), System.Globalization.CultureInfo.InvariantCulture) > 21);
        Assert.Equal("default.target", unit["Install"]["WantedBy"].Single());
    }

    [Fact]
    public async Task The_systemd_unit_passes_systemd_analyze_verify_where_systemd_analyze_exists()
    {
        var analyze = new[] { "/usr/bin/systemd-analyze", "/bin/systemd-analyze" }.FirstOrDefault(File.Exists);
        Assert.SkipWhen(analyze is null, "systemd-analyze is not installed on this machine");
        await using var scenario = await WorkerScenario.CreateAsync(server);
        // A folder with a space: the path a quoted WorkingDirectory= broke.
        var folder = Directory.CreateDirectory(Path.Combine(scenario.Dir, "my worker")).FullName;
        var config = Path.Combine(folder, "worker.yaml");
        File.WriteAllText(config, File.ReadAllText(scenario.WriteConfig("svc", "handlers:\n  a: echo a\n")));
        var (exit, stdout, stderr) = await BatonProcess.RunAsync("worker", "install-service", "--config", config, "--print", "--manager", "systemd");
        Assert.True(exit == 0, stderr);
        var unitPath = Path.Combine(scenario.Dir, "baton-worker.service");
        File.WriteAllText(unitPath, stdout);

        var verify = await RunProcessAsync(analyze!, "verify", unitPath);

        Assert.True(verify.Exit == 0, verify.Output);
        Assert.DoesNotContain("is not absolute", verify.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("WorkingDirectory", verify.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("ExecStart", verify.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("baton-worker.service:", verify.Output, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> RunProcessAsync(string program, params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task The_launchd_plist_is_well_formed_and_runs_baton_worker_with_the_absolute_config_path()
    {
        await using var scenario = await WorkerScenario.CreateAsync(server);
        var config = scenario.WriteConfig("svc", "handlers:\n  a: echo a\n");

        var (exit, stdout, stderr) = await BatonProcess.RunAsync("worker", "install-service", "--config", config, "--print", "--manager", "launchd", "--name", "night-worker");

        Assert.True(exit == 0, stderr);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore };
        using var reader = XmlReader.Create(new StringReader(stdout), settings);
        var document = XDocument.Load(reader);
        // The reader skips the DTD (it would be fetched otherwise); the declaration itself is checked as text.
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", stdout, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">", stdout, StringComparison.Ordinal);
        Assert.Equal("plist", document.Root!.Name.LocalName);
        var plist = ReadPlistDict(document.Root.Elements().Single());
        Assert.Equal("dev.baton.night-worker", plist["Label"].Value);
        var arguments = plist["ProgramArguments"].Elements("string").Select(e => e.Value).ToList();
        Assert.Equal(["worker", "--config", config], arguments[^3..]);
        Assert.True(File.Exists(arguments[0]));
        Assert.Equal(Path.GetDirectoryName(config), plist["WorkingDirectory"].Value);
        Assert.Equal("true", plist["RunAtLoad"].Name.LocalName);
        Assert.Equal("launchd", ReadPlistDict(plist["EnvironmentVariables"])["BATON_WORKER_SERVICE"].Value);
        Assert.Equal("false", ReadPlistDict(plist["KeepAlive"])["SuccessfulExit"].Name.LocalName);
    }

    [Fact]
    public async Task Install_writes_the_user_unit_and_enables_it_and_uninstall_removes_it()
    {
        await using var scenario = await WorkerScenario.CreateAsync(server);
        var config = scenario.WriteConfig("svc", "handlers:\n  a: echo a\n");
        // A stand-in systemctl that records its arguments: the test must not touch the machine's real services.
        var bin = Directory.CreateDirectory(Path.Combine(scenario.Dir, "bin")).FullName;
        var log = Path.Combine(scenario.Dir, "systemctl.log");
        File.WriteAllText(Path.Combine(bin, "systemctl"), $"#!/bin/sh\necho \"$*\" >> {log}\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(bin, "systemctl"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["XDG_CONFIG_HOME"] = Path.Combine(scenario.Dir, "xdg"),
        };
        var unitPath = Path.Combine(scenario.Dir, "xdg", "systemd", "user", "baton-worker.service");

        var install = await RunAsync(environment, "worker", "install-service", "--config", config, "--manager", "systemd");
        Assert.True(install.ExitCode == 0, install.Stderr);
        Assert.Contains(unitPath, install.Stdout, StringComparison.Ordinal);
        Assert.Contains(config, File.ReadAllText(unitPath), StringComparison.Ordinal);
        Assert.Equal(["--user daemon-reload", "--user enable --now baton-worker.service"], File.ReadAllLines(log));

        var uninstall = await RunAsync(environment, "worker", "uninstall-service", "--manager", "systemd");
        Assert.True(uninstall.ExitCode == 0, uninstall.Stderr);
        Assert.False(File.Exists(unitPath));
        Assert.Equal("--user disable --now baton-worker.service", File.ReadAllLines(log)[2]);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        await using var baton = BatonProcess.StartWithEnvironment(environment, args);
        var exitCode = await baton.WaitForExitAsync(BatonProcess.StartTimeout);
        return (exitCode, string.Join('\n', baton.StdoutLines), baton.Stderr);
    }

    /// <summary>systemd's unit syntax: [Section] headers, Key=Value lines, # comments, no line outside a section.</summary>
    private static Dictionary<string, Dictionary<string, List<string>>> ParseSystemdUnit(string text)
    {
        var sections = new Dictionary<string, Dictionary<string, List<string>>>();
        Dictionary<string, List<string>>? current = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line[0] == '[')
            {
                Assert.EndsWith("]", line, StringComparison.Ordinal);
                current = [];
                sections.Add(line[1..^1], current);
                continue;
            }

            Assert.NotNull(current);
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            Assert.True(equals > 0, $"not a Key=Value line: {line}");
            var key = line[..equals];
            Assert.Matches("^[A-Za-z][A-Za-z0-9]*$", key);
            if (!current.TryGetValue(key, out var values)) current[key] = values = [];
            values.Add(line[(equals + 1)..]);
        }

        return sections;
    }

    /// <summary>Splits a systemd command line: double-quoted words with \" and \\ escapes, $$ and %% for literal $ and %.</summary>
    private static List<string> SplitSystemdCommand(string line)
    {
        var words = new List<string>();
        var i = 0;
        while (i < line.Length)
        {
            if (line[i] == ' ')
            {
                i++;
                continue;
            }

            var word = new System.Text.StringBuilder();
            if (line[i] == '"')
            {
                i++;
                while (line[i] != '"')
                {
                    if (line[i] == '\\') i++;
                    word.Append(line[i++]);
                }

                i++;
            }
            else
            {
                while (i < line.Length && line[i] != ' ') word.Append(line[i++]);
            }

            words.Add(word.ToString().Replace("$$", "$", StringComparison.Ordinal).Replace("%%", "%", StringComparison.Ordinal));
        }

        return words;
    }

    /// <summary>A plist &lt;dict&gt;: alternating &lt;key&gt; and value elements.</summary>
    private static Dictionary<string, XElement> ReadPlistDict(XElement dict)
    {
        Assert.Equal("dict", dict.Name.LocalName);
        var children = dict.Elements().ToList();
        Assert.True(children.Count % 2 == 0);
        var result = new Dictionary<string, XElement>();
        for (var i = 0; i < children.Count; i += 2)
        {
            Assert.Equal("key", children[i].Name.LocalName);
            result.Add(children[i].Value, children[i + 1]);
        }

        return result;
    }
}
