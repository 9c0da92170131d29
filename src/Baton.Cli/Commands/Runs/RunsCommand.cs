using System.CommandLine;

namespace Baton.Cli.Commands.Runs;

/// <summary><c>baton runs</c>: groups of tasks sharing a run id.</summary>
public static class RunsCommand
{
    public static Command Create() => new("runs", "Runs: tasks grouped by --run-id, shown and awaited as a whole.")
    {
        RunsShowCommand.Create(),
        RunsListCommand.Create(),
    };
}
