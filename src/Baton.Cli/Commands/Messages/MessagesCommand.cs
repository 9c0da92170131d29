using System.CommandLine;

namespace Baton.Cli.Commands.Messages;

/// <summary><c>baton messages</c>: direct messages between agents.</summary>
public static class MessagesCommand
{
    public static Command Create() => new("messages", $"""
        Messages between agents: send one, read an inbox (--wait blocks until something arrives), show, mark read, ack.
        The agent you act as comes from --from (send) or --agent (inbox), else the {Parsing.AgentOptions.EnvironmentVariable} environment variable.
        A message moves queued → delivered (returned by an inbox read) → read → acked; a reply joins its parent's thread.
        """)
    {
        MessagesSendCommand.Create(),
        MessagesInboxCommand.Create(),
        MessagesShowCommand.Create(),
        MessageStateCommand.Create("read", "Read", "Mark a message read (the recipient has seen it); reading it again changes nothing."),
        MessageStateCommand.Create("ack", "Acknowledged", "Acknowledge a message: done with it, for good. It leaves the unread inbox."),
    };
}
