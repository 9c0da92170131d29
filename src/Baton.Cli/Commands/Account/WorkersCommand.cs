using System.CommandLine;

namespace Baton.Cli.Commands.Account;

/// <summary><c>baton workers</c>: the workers that have heartbeated.</summary>
public static class WorkersCommand
{
    public static Command Create() => new("workers", "Workers: the machines and agents that heartbeat to this account.")
    {
        WorkersListCommand.Create(),
    };
}
