using System.CommandLine;

namespace Baton.Cli.Commands.Events;

/// <summary><c>baton events</c>: the tenant's event stream.</summary>
public static class EventsCommand
{
    public static Command Create() => new("events", "The event stream: every change to your tasks, in order.")
    {
        EventsTailCommand.Create(),
    };
}
