namespace Baton.Worker.Handlers;

/// <summary>What to run: <c>SHELL -c COMMAND</c> in a folder with extra environment variables.</summary>
internal sealed record HandlerStartInfo(
    string Shell, string Command, string? WorkingDirectory, IReadOnlyDictionary<string, string> Environment);
