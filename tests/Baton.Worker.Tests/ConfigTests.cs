using Baton.Testing;

namespace Baton.Worker.Tests;

/// <summary>The config file and the key: validation with lines, the key's sources, and a key the server refuses.</summary>
public sealed class ConfigTests(WorkerTestServer server)
{
    [Fact]
    public async Task Validate_reports_every_problem_with_its_line_and_exits_1()
    {
        await using var scenario = await WorkerScenario.CreateAsync(server);
        var path = Path.Combine(scenario.Dir, "bad.yaml");
        File.WriteAllText(path, """
            api_key: bt_x
            api_base: ftp://example.com
            max_concurrent: many
            log_level: debug
            handlers:
              report: ""
              mail:
                cmd: ./mail.sh
                cwd: /does/not/exist
                timeout: -5
                env:
                  TO: "{{ job.to }}"
            """);

        var (exit, stdout, stderr) = await BatonProcess.RunAsync("worker", "validate", "--config", path);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        string[] expected =
        [
            ":2: error: api_base", ":3: error: max_concurrent", ":4: warning: unknown key 'log_level'", ":6: error: handler 'report' needs a command",
            ":9: error: handler 'mail': cwd", ":10: error: handlers.mail.timeout", ":12: error: handlers.mail.env.TO",
        ];
        foreach (var fragment in expected) Assert.Contains(path + fragment, stderr, StringComparison.Ordinal);
        Assert.Contains("6 error(s)", stderr, StringComparison.Ordinal);

        // The daemon refuses the same file without starting anything.
        var run = await BatonProcess.RunAsync("worker", "--config", path);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(path + ":2: error: api_base", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_accepts_a_cueapi_worker_config_with_a_v1_api_base()
    {
        await using var scenario = await WorkerScenario.CreateAsync(server);
        var path = scenario.WriteConfig("compat", """
            handlers:
              send-report: python3 send_report.py
            """);

        var (exit, stdout, stderr) = await BatonProcess.RunAsync("worker", "validate", "--config", path);

        Assert.True(exit == 0, stderr);
        Assert.Contains($"on {scenario.Url.AbsoluteUri.TrimEnd('/')} (key from api_key", stdout, StringComparison.Ordinal);
        Assert.Contains("handlers: send-report", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_warns_about_each_handler_whose_program_cannot_be_found_and_still_accepts_the_config()
    {
        await using var scenario = await WorkerScenario.CreateAsync(server);
        Directory.CreateDirectory(Path.Combine(scenario.Dir, "bin"));
        File.WriteAllText(Path.Combine(scenario.Dir, "bin", "present.sh"), "#!/bin/sh\necho hi\n");
        var path = scenario.WriteConfig("lookup", """
            handlers:
              on-path: echo found
              builtin: exit 0
              relative-present:
                cmd: ./bin/present.sh
                cwd: .
              relative-missing:
                cmd: ./bin/absent.sh --flag
                cwd: .
              not-on-path: no-such-program-anywhere arg
              shell-decides: $HOME/bin/tool
            """);

        var (exit, stdout, stderr) = await BatonProcess.RunAsync("worker", "validate", "--config", path);

        Assert.True(exit == 0, stderr);
        Assert.Contains("OK", stdout, StringComparison.Ordinal);
        Assert.Contains("warning: handler 'relative-missing': './bin/absent.sh' cannot be found (no such file relative to", stderr, StringComparison.Ordinal);
        Assert.Contains("warning: handler 'not-on-path': 'no-such-program-anywhere' cannot be found (not on PATH)", stderr, StringComparison.Ordinal);
        Assert.Equal(2, stderr.Split('\n').Count(l => l.Contains("cannot be found", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Worker_id_on_the_command_line_overrides_the_configs_so_one_config_serves_two_daemons()
    {
        await using var scenario = await WorkerScenario.CreateAsync(server);
        var path = scenario.WriteConfig("from-config", "handlers:\n  named: echo done\n");
        var worker = BatonProcess.Start("worker", "--config", path, "--worker-id", "from-flag");
        await using (worker)
        {
            await worker.WaitForStdoutAsync(l => l.Contains("Baton worker from-flag started", StringComparison.Ordinal), WorkerScenario.Patience);
            var done = await scenario.WaitForEndAsync((await scenario.EnqueueAsync("named")).Id);

            Assert.Equal("from-flag", done.ClaimedByWorker);
        }
    }

    [Fact]
    public async Task The_key_may_come_from_CUEAPI_API_KEY_and_a_rotated_key_stops_the_worker_with_exit_3()
    {
        await using var scenario = await WorkerScenario.CreateAsync(server);
        var path = scenario.WriteConfig("rotated", """
            handlers:
              a: echo a
            """);
        File.WriteAllLines(path, File.ReadAllLines(path).Where(l => !l.StartsWith("api_key:", StringComparison.Ordinal)));
        var worker = scenario.StartWorker(path, new Dictionary<string, string>
        {
            ["CUEAPI_API_KEY"] = scenario.ApiKey,
            ["XDG_CONFIG_HOME"] = Path.Combine(scenario.Dir, "xdg"),
        });
        var first = await scenario.EnqueueAsync("a");
        Assert.Equal("success", (await scenario.WaitForEndAsync(first.Id)).Status);

        await scenario.Client.RegenerateKeyAsync(TestContext.Current.CancellationToken);

        Assert.Equal(3, await worker.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("rotated or revoked", worker.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_any_key_the_worker_does_not_start()
    {
        await using var scenario = await WorkerScenario.CreateAsync(server);
        var path = scenario.WriteConfig("keyless", "handlers:\n  a: echo a\n");
        File.WriteAllLines(path, File.ReadAllLines(path).Where(l => !l.StartsWith("api_key:", StringComparison.Ordinal)));
        var worker = scenario.StartWorker(path, new Dictionary<string, string>
        {
            ["CUEAPI_API_KEY"] = "",
            ["XDG_CONFIG_HOME"] = Path.Combine(scenario.Dir, "xdg"),
        });

        Assert.Equal(3, await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("no API key", worker.Stderr, StringComparison.Ordinal);
    }
}
