using System.CommandLine;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Output;
using Baton.Contracts.Serialization;

namespace Baton.Cli.Commands.Account;

/// <summary><c>baton whoami</c>: which account the configured key belongs to, and where the key came from.</summary>
public static class WhoamiCommand
{
    public static Command Create()
    {
        var command = new Command("whoami", "Show the account the API key belongs to, the server, and where the key came from.");
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var me = await context.Client.GetMeAsync(ct);
            return new CommandResult
            {
                Fields = new JsonObject
                {
                    ["server"] = context.Server.ToString(),
                    ["api_key_source"] = context.ApiKeySource,
                    ["account"] = WireJson.Node(me, BatonJson.Default.MeResponse),
                },
                Text = console => TextViews.Me(console, me, context.Server, context.ApiKeySource),
                QuietLines = [me.Email],
            };
        });
        return command;
    }
}
