namespace Baton.Worker.Configuration;

/// <summary>One thing wrong with (or worth a warning in) a worker config file, with its line (0 when not tied to one).</summary>
public sealed record ConfigProblem(int Line, string Message, bool IsWarning = false)
{
    public string Format(string path) =>
        (Line > 0 ? $"{path}:{Line}: " : $"{path}: ") + (IsWarning ? "warning: " : "error: ") + Message;
}
