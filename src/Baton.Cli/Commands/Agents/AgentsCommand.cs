using System.CommandLine;

namespace Baton.Cli.Commands.Agents;

/// <summary><c>baton agents</c>: the named identities that send and receive messages.</summary>
public static class AgentsCommand
{
    public static Command Create() => new("agents", """
        Agents: named identities of your account that send each other messages (see `baton messages`).
        Refer to an agent by its slug (e.g. reviewer), its agt_ id, or slug@tenant.
        """)
    {
        AgentsCreateCommand.Create(),
        AgentsListCommand.Create(),
        AgentsShowCommand.Create(),
        AgentsRemoveCommand.Create(),
        AgentsRosterCommand.Create(),
    };
}
