using System.Globalization;
using System.Text.RegularExpressions;
using Baton.Client;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Baton.Worker.Configuration;

/// <summary>
/// Reads a worker's YAML file with YamlDotNet's representation model, so that every problem can name its line.
/// Accepts the cueapi-worker schema unchanged (unknown keys are warnings, not errors) plus Baton's keys.
/// </summary>
public static partial class WorkerConfigLoader
{
    private const int MaxConcurrentLimit = 100; // the server's claim limit

    /// <summary>The most executions <c>prefetch</c> may hold ready (a claim buffer's capacity).</summary>
    public const int MaxPrefetch = ClaimBuffer.MaxCapacity;

    public static ConfigLoadResult Load(string path)
    {
        var fullPath = Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ConfigLoadResult(null, [new ConfigProblem(0, $"cannot read the config file: {e.Message}")]);
        }

        return Parse(text, fullPath);
    }

    /// <summary>Parses <paramref name="yaml"/> as if read from <paramref name="sourcePath"/> (relative <c>cwd</c>s resolve against its folder).</summary>
    public static ConfigLoadResult Parse(string yaml, string sourcePath)
    {
        var problems = new List<ConfigProblem>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            return new ConfigLoadResult(null, [new ConfigProblem(LineOf(e.Start), "not valid YAML: " + Innermost(e).Message)]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var line = stream.Documents.Count == 0 ? 0 : LineOf(stream.Documents[0].RootNode.Start);
            return new ConfigLoadResult(null, [new ConfigProblem(line, "the file must be a YAML mapping of settings (api_base, handlers, …).")]);
        }

        var reader = new Reader(problems, Path.GetDirectoryName(sourcePath) ?? ".");
        var config = reader.Read(root, sourcePath);
        return new ConfigLoadResult(problems.Any(p => !p.IsWarning) ? null : config, problems);
    }

    internal static int LineOf(Mark mark) => (int)Math.Min(int.MaxValue, mark.Line);

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex QueueName();

    private sealed class Reader(List<ConfigProblem> problems, string baseDirectory)
    {
        public WorkerConfig Read(YamlMappingNode root, string sourcePath)
        {
            var defaults = new WorkerConfig { SourcePath = sourcePath, ApiBase = new Uri(WorkerConfig.DefaultApiBase), WorkerId = "", Handlers = [] };
            string? apiKey = null;
            Uri? apiBase = null;
            string? workerId = null;
            var poll = defaults.PollInterval;
            var heartbeat = defaults.HeartbeatInterval;
            var maxConcurrent = defaults.MaxConcurrent;
            var prefetch = defaults.Prefetch;
            var shutdownGrace = defaults.ShutdownGrace;
            var killGrace = defaults.KillGrace;
            var shell = defaults.Shell;
            string? queue = null, runId = null;
            int? lease = null;
            List<HandlerConfig>? handlers = null;
            YamlNode? handlersNode = null;

            foreach (var (keyNode, value) in root.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value;
                switch (key)
                {
                    case "api_key":
                        apiKey = String(value, key);
                        break;
                    case "api_base":
                        apiBase = ApiBase(value);
                        break;
                    case "worker_id":
                        workerId = String(value, key);
                        if (workerId is { Length: > 255 } || workerId?.Trim().Length == 0)
                        {
                            Error(value, "worker_id must be 1-255 characters.");
                        }

                        break;
                    case "poll_interval":
                        poll = Seconds(value, key, poll, allowZero: false);
                        break;
                    case "heartbeat_interval":
                        heartbeat = Seconds(value, key, heartbeat, allowZero: false);
                        break;
                    case "max_concurrent":
                        maxConcurrent = Integer(value, key, 1, MaxConcurrentLimit) ?? maxConcurrent;
                        break;
                    case "prefetch":
                        prefetch = Integer(value, key, 0, MaxPrefetch) ?? prefetch;
                        break;
                    case "queue":
                        queue = String(value, key);
                        if (queue is not null && !QueueName().IsMatch(queue)) Error(value, "queue must match [a-zA-Z0-9_-]{1,64}.");
                        break;
                    case "run_id":
                        runId = String(value, key);
                        if (runId is { Length: 0 or > 256 }) Error(value, "run_id must be 1-256 characters.");
                        break;
                    case "lease_seconds":
                        lease = Integer(value, key, 1, 86_400);
                        break;
                    case "shutdown_grace_seconds":
                        shutdownGrace = Seconds(value, key, shutdownGrace, allowZero: true);
                        break;
                    case "kill_grace_seconds":
                        killGrace = Seconds(value, key, killGrace, allowZero: true);
                        break;
                    case "shell":
                        shell = String(value, key) ?? shell;
                        if (shell.Trim().Length == 0) Error(value, "shell must name a program, e.g. /bin/sh.");
                        break;
                    case "handlers":
                        handlersNode = value;
                        handlers = Handlers(value);
                        break;
                    default:
                        Warning(keyNode, $"unknown key '{key}' is ignored.");
                        break;
                }
            }

            if (handlersNode is null) Problem(0, "handlers: at least one handler is needed (handlers: {TASK: \"command\"}).");
            else if (handlers is { Count: 0 }) Error(handlersNode, "handlers: at least one handler is needed.");

            return defaults with
            {
                ApiKey = apiKey,
                ApiBase = apiBase ?? DefaultApiBase(),
                WorkerId = workerId ?? System.Environment.MachineName,
                PollInterval = poll,
                HeartbeatInterval = heartbeat,
                MaxConcurrent = maxConcurrent,
                Prefetch = prefetch,
                Queue = queue,
                RunId = runId,
                LeaseSeconds = lease,
                ShutdownGrace = shutdownGrace,
                KillGrace = killGrace,
                Shell = shell,
                Handlers = handlers ?? [],
            };
        }

        private List<HandlerConfig> Handlers(YamlNode node)
        {
            var result = new List<HandlerConfig>();
            if (node is not YamlMappingNode map)
            {
                if (!IsNull(node)) Error(node, "handlers must be a mapping of task name to command, e.g. handlers: {report: \"./report.sh\"}.");
                return result;
            }

            foreach (var (keyNode, value) in map.Children)
            {
                var task = (keyNode as YamlScalarNode)?.Value;
                if (string.IsNullOrWhiteSpace(task) || task.Length > 255)
                {
                    Error(keyNode, "a handler's task name must be 1-255 characters.");
                    continue;
                }

                if (Handler(task, value) is { } handler) result.Add(handler);
            }

            return result;
        }

        private HandlerConfig? Handler(string task, YamlNode node)
        {
            if (node is YamlScalarNode scalar)
            {
                if (string.IsNullOrWhiteSpace(scalar.Value))
                {
                    Error(node, $"handler '{task}' needs a command.");
                    return null;
                }

                return new HandlerConfig { Task = task, Command = scalar.Value };
            }

            if (node is not YamlMappingNode map)
            {
                Error(node, $"handler '{task}' must be a command string or a mapping with cmd, cwd, timeout and env.");
                return null;
            }

            string? command = null, cwd = null;
            var timeout = HandlerConfig.DefaultTimeout;
            var environment = new Dictionary<string, PayloadTemplate>();
            foreach (var (keyNode, value) in map.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value;
                switch (key)
                {
                    case "cmd":
                        command = String(value, $"handlers.{task}.cmd");
                        break;
                    case "cwd":
                        cwd = String(value, $"handlers.{task}.cwd");
                        if (cwd is not null) cwd = WorkingDirectory(value, task, cwd);
                        break;
                    case "timeout":
                        timeout = Seconds(value, $"handlers.{task}.timeout", timeout, allowZero: false);
                        break;
                    case "env":
                        Environment(value, task, environment);
                        break;
                    default:
                        Warning(keyNode, $"unknown key '{key}' in handler '{task}' is ignored.");
                        break;
                }
            }

            if (string.IsNullOrWhiteSpace(command))
            {
                Error(node, $"handler '{task}' needs a cmd.");
                return null;
            }

            return new HandlerConfig { Task = task, Command = command, WorkingDirectory = cwd, Timeout = timeout, Environment = environment };
        }

        private string WorkingDirectory(YamlNode node, string task, string cwd)
        {
            var expanded = cwd == "~" || cwd.StartsWith("~/", StringComparison.Ordinal)
                ? Path.Join(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), cwd[1..])
                : cwd;
            var full = Path.GetFullPath(expanded, baseDirectory);
            if (!Directory.Exists(full)) Error(node, $"handler '{task}': cwd {full} does not exist.");
            return full;
        }

        private void Environment(YamlNode node, string task, Dictionary<string, PayloadTemplate> environment)
        {
            if (node is not YamlMappingNode map)
            {
                if (!IsNull(node)) Error(node, $"handlers.{task}.env must be a mapping of variable name to value.");
                return;
            }

            foreach (var (keyNode, value) in map.Children)
            {
                var name = (keyNode as YamlScalarNode)?.Value;
                if (string.IsNullOrEmpty(name) || name.Contains('=', StringComparison.Ordinal))
                {
                    Error(keyNode, $"handlers.{task}.env: '{name}' is not an environment variable name.");
                    continue;
                }

                if (value is not YamlScalarNode scalar)
                {
                    Error(value, $"handlers.{task}.env.{name} must be a string.");
                    continue;
                }

                var template = PayloadTemplate.Parse(scalar.Value ?? "", out var error);
                if (error is not null) Error(value, $"handlers.{task}.env.{name}: {error}");
                environment[name] = template;
            }
        }

        private Uri? ApiBase(YamlNode node)
        {
            var text = String(node, "api_base");
            if (text is null) return null;
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                Error(node, $"api_base must be an http:// or https:// URL, not '{text}'.");
                return null;
            }

            return ServerRoot(uri);
        }

        private static Uri DefaultApiBase() =>
            System.Environment.GetEnvironmentVariable("BATON_URL") is { Length: > 0 } fromEnvironment &&
            Uri.TryCreate(fromEnvironment, UriKind.Absolute, out var uri)
                ? ServerRoot(uri)
                : new Uri(WorkerConfig.DefaultApiBase);

        /// <summary>cueapi-worker configs often name <c>https://host/v1</c>; the client wants the root.</summary>
        private static Uri ServerRoot(Uri uri) => ServerAddress.Root(uri);

        private string? String(YamlNode node, string key)
        {
            if (IsNull(node)) return null;
            if (node is YamlScalarNode scalar) return scalar.Value;
            Error(node, $"{key} must be a single value, not a list or mapping.");
            return null;
        }

        private TimeSpan Seconds(YamlNode node, string key, TimeSpan fallback, bool allowZero)
        {
            var text = String(node, key);
            if (text is null) return fallback;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ||
                double.IsNaN(seconds) || seconds < 0 || (!allowZero && seconds == 0) || seconds > 31_536_000)
            {
                Error(node, $"{key} must be a number of seconds {(allowZero ? "(0 or more)" : "above 0")}, not '{text}'.");
                return fallback;
            }

            return TimeSpan.FromSeconds(seconds);
        }

        private int? Integer(YamlNode node, string key, int min, int max)
        {
            var text = String(node, key);
            if (text is null) return null;
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                Error(node, $"{key} must be a whole number from {min} to {max}, not '{text}'.");
                return null;
            }

            return value;
        }

        private static bool IsNull(YamlNode node) =>
            node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

        private void Error(YamlNode node, string message) => Problem(LineOf(node.Start), message);

        private void Warning(YamlNode node, string message) => problems.Add(new ConfigProblem(LineOf(node.Start), message, IsWarning: true));

        private void Problem(int line, string message) => problems.Add(new ConfigProblem(line, message));
    }
}
