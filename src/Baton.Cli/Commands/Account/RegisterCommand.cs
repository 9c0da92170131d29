using System.CommandLine;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Spectre.Console;

namespace Baton.Cli.Commands.Account;

/// <summary><c>baton register</c>: create an account and save its key for this server.</summary>
public static class RegisterCommand
{
    public static Command Create()
    {
        var email = new Option<string>("--email") { Description = "The account's email address; one account per address.", HelpName = "email", Required = true };
        email.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } v && (!v.Contains('@', StringComparison.Ordinal) || v.Length > 255))
            {
                r.AddError($"--email must be an email address, not '{v}'.");
            }
        });
        var command = new Command("register", $"Create an account on the server and save its API key in {CredentialStore.FilePath}, so later commands use it.") { email };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var registered = await context.Client.RegisterAsync(context.Parse.GetRequiredValue(email), ct);
            CredentialStore.Save(context.Server, registered.ApiKey, registered.Email);
            return new CommandResult
            {
                Fields = new JsonObject
                {
                    ["email"] = registered.Email,
                    ["api_key"] = registered.ApiKey,
                    ["credentials_file"] = CredentialStore.FilePath,
                },
                Text = console =>
                {
                    console.MarkupLine($"Registered [bold]{Markup.Escape(registered.Email)}[/] on {Markup.Escape(context.Server.ToString())}.");
                    console.WriteLine($"API key (shown once, saved in {CredentialStore.FilePath}): {registered.ApiKey}");
                },
                QuietLines = [registered.ApiKey],
            };
        });
        return command;
    }
}
