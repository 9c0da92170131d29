using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Parsing;
using Baton.Contracts.Messaging;
using Baton.Core.Messaging;

namespace Baton.Cli.Commands.Agents;

/// <summary><c>baton agents create NAME [--slug SLUG] [--description TEXT] [--webhook-url URL] [--metadata JSON]</c>.</summary>
public static class AgentsCreateCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The agent's display name (1–255 characters), e.g. \"Code reviewer\"." };
        name.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } v && (v.Length is 0 or > 255)) r.AddError($"The agent name must be 1 to 255 characters long, not {v.Length}.");
        });
        var slug = new Option<string?>("--slug")
        {
            Description = "The name messages are addressed to: lower-case letters, digits and inner hyphens, at most 64 (default: made from NAME). It cannot change later.",
            HelpName = "slug",
        };
        slug.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } v && !AgentSlugs.IsValid(v))
            {
                r.AddError($"--slug must be 1 to 64 lower-case letters, digits or inner hyphens (e.g. code-reviewer), not '{v}'.");
            }
        });
        var description = ValidatedOptions.Text("--description", "What the agent does, shown in `baton agents roster` (stored as metadata.description).", 1000);
        var webhookUrl = ValidatedOptions.Text("--webhook-url", "Push each message to this URL as a signed POST (the secret is printed once); without it the agent reads its inbox.", 2048, "url");
        var metadata = ValidatedOptions.JsonObject("--metadata", "Any JSON object to keep with the agent (≤ 10 KiB), inline or @file.json.");
        var command = new Command("create", "Create an agent; prints its slug and id. Messages are addressed to the slug.")
        {
            name, slug, description, webhookUrl, metadata,
        };
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var p = context.Parse;
            var agent = await context.Client.CreateAgentAsync(new AgentRequest
            {
                DisplayName = p.GetRequiredValue(name),
                Slug = p.GetValue(slug),
                WebhookUrl = p.GetValue(webhookUrl),
                Metadata = WithDescription(p.GetValue(metadata), p.GetValue(description)),
            }, ct);
            return AgentResult.Of("Created", agent);
        });
        return command;
    }

    private static JsonElement? WithDescription(JsonElement? metadata, string? description)
    {
        if (description is null) return metadata;
        var merged = metadata is { } m ? JsonNode.Parse(m.GetRawText())!.AsObject() : [];
        merged["description"] = description;
        using var document = JsonDocument.Parse(merged.ToJsonString());
        return document.RootElement.Clone();
    }
}
