namespace Baton.Worker.Configuration;

/// <summary>
/// Whether each handler's program can be found before any work arrives: the first word of its command must be a
/// shell builtin, on <c>PATH</c>, or a file relative to the handler's <c>cwd</c>. A miss is a warning, not an error:
/// the program may appear later (a deploy, a mounted volume), and the shell is the final judge.
/// </summary>
public static class HandlerCommandCheck
{
    private static readonly HashSet<string> Builtins = new(StringComparer.Ordinal)
    {
        ".", ":", "[", "alias", "break", "case", "cd", "command", "continue", "eval", "exec", "exit", "export", "false",
        "for", "if", "read", "return", "set", "shift", "source", "test", "times", "trap", "true", "type", "ulimit",
        "umask", "unset", "until", "wait", "while", "{", "(",
    };

    public static IEnumerable<ConfigProblem> Warnings(WorkerConfig config, string? searchPath, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (var handler in config.Handlers)
        {
            var cwd = handler.WorkingDirectory ?? currentDirectory;
            if (ProgramOf(handler.Command) is not { } program || Finds(program, cwd, searchPath)) continue;
            var where = program.Contains('/', StringComparison.Ordinal) ? $"no such file relative to {cwd}" : "not on PATH";
            yield return new ConfigProblem(0, $"handler '{handler.Task}': '{program}' cannot be found ({where}); its tasks would fail.", IsWarning: true);
        }
    }

    /// <summary>The program a command runs, or null when the shell decides it (builtins, variables, quoting).</summary>
    internal static string? ProgramOf(string command)
    {
        foreach (var word in command.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.Contains('=', StringComparison.Ordinal) && !word.StartsWith('=')) continue; // NAME=value prefix
            if (word.IndexOfAny(['$', '`', '"', '\'', '(', ')', ';', '|', '&', '<', '>', '*', '?', '~']) >= 0) return null;
            return Builtins.Contains(word) ? null : word;
        }

        return null;
    }

    private static bool Finds(string program, string cwd, string? searchPath)
    {
        if (program.Contains('/', StringComparison.Ordinal)) return File.Exists(Path.Combine(cwd, program));
        return (searchPath ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));
    }
}
