using System.CommandLine;

namespace Baton.Cli.Commands.Cues;

/// <summary><c>baton cues</c>: definitions of work that fire on a schedule or on demand.</summary>
public static class CuesCommand
{
    public static Command Create() => new("cues", "Cues: work that fires on a cron schedule, once at a time, or on demand, delivered to a worker queue or a webhook.")
    {
        CuesCreateCommand.Create(),
        CuesListCommand.Create(),
        CuesShowCommand.Create(),
        CuesStatusCommand.Create("pause", "paused", "Pause a cue: it fires nothing (scheduled or missed) until resumed."),
        CuesStatusCommand.Create("resume", "active", "Resume a paused cue; its next run is computed from now."),
        CuesDeleteCommand.Create(),
        CuesFireCommand.Create(),
    };
}
