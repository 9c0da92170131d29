using System.CommandLine;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Spectre.Console;

namespace Baton.Cli.Commands.Account;

/// <summary><c>baton login --api-key K</c>: check a key against the server and save it for later commands.</summary>
public static class LoginCommand
{
    public static Command Create()
    {
        var command = new Command("login", $"Check an API key (--api-key or BATON_API_KEY) against the server and save it in {CredentialStore.FilePath} for this server.");
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            if (context.ApiKey is null || context.ApiKeySource == CredentialStore.FilePath)
            {
                throw new CliUsageException("login needs a key: baton login --api-key KEY (or set BATON_API_KEY).");
            }

            // Only a key the server accepts is saved: a typo fails here (exit 3), not on the next command.
            var me = await context.Client.GetMeAsync(ct);
            CredentialStore.Save(context.Server, context.ApiKey, me.Email);
            return new CommandResult
            {
                Fields = new JsonObject
                {
                    ["email"] = me.Email,
                    ["server"] = context.Server.ToString(),
                    ["credentials_file"] = CredentialStore.FilePath,
                },
                Text = console => console.MarkupLine(
                    $"Logged in to {Markup.Escape(context.Server.ToString())} as [bold]{Markup.Escape(me.Email)}[/]; key saved in {Markup.Escape(CredentialStore.FilePath)}."),
            };
        });
        return command;
    }
}
