using System.CommandLine;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Output;
using Baton.Cli.Parsing;
using Baton.Contracts.Serialization;

namespace Baton.Cli.Commands.Messages;

/// <summary><c>baton messages read ID</c> and <c>baton messages ack ID</c>: move a message along its states.</summary>
public static class MessageStateCommand
{
    public static Command Create(string name, string verb, string description)
    {
        var id = AgentOptions.MessageId();
        var command = new Command(name, description) { id };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var messageId = context.Parse.GetRequiredValue(id);
            var message = name == "ack"
                ? await context.Client.AckMessageAsync(messageId, ct)
                : await context.Client.MarkMessageReadAsync(messageId, ct);
            return new CommandResult
            {
                Fields = new JsonObject { ["message"] = WireJson.Node(message, BatonJson.Default.MessageResponse) },
                Text = console => MessageViews.MessageLine(console, verb, message),
                QuietLines = [message.DeliveryState],
            };
        });
        return command;
    }
}
