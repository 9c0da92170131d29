using System.CommandLine;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Output;
using Baton.Cli.Parsing;
using Baton.Contracts.Serialization;

namespace Baton.Cli.Commands.Messages;

/// <summary><c>baton messages show ID</c>: one message in full; changes nothing.</summary>
public static class MessagesShowCommand
{
    public static Command Create()
    {
        var id = AgentOptions.MessageId();
        var command = new Command("show", "Show one message in full: sender, recipient, thread, state, times and the whole body. Changes nothing.") { id };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var message = await context.Client.GetMessageAsync(context.Parse.GetRequiredValue(id), ct);
            return new CommandResult
            {
                Fields = new JsonObject { ["message"] = WireJson.Node(message, BatonJson.Default.MessageResponse) },
                Text = console => MessageViews.MessageDetail(console, message),
                QuietLines = [message.DeliveryState],
            };
        });
        return command;
    }
}
