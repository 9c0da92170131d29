using System.Text.Json.Nodes;
using Spectre.Console;

namespace Baton.Cli.Invocation;

/// <summary>
/// What a client command produced, in both forms: <see cref="Fields"/> go into the JSON envelope, <see cref="Text"/>
/// draws it for people, <see cref="QuietLines"/> is all <c>--quiet</c> prints (ids a script can capture).
/// </summary>
public sealed record CommandResult
{
    public int ExitCode { get; init; } = ExitCodes.Success;

    public required JsonObject Fields { get; init; }

    public required Action<IAnsiConsole> Text { get; init; }

    public IReadOnlyList<string> QuietLines { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];
}
