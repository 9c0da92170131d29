using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Cli.Invocation;
using Baton.Cli.Output;
using Baton.Cli.Parsing;
using Baton.Client;
using Baton.Contracts.Executions;
using Baton.Contracts.Serialization;
using Spectre.Console;

namespace Baton.Cli.Commands.Tasks;

/// <summary><c>baton enqueue</c>: one task from options, or many from a JSON Lines file in batches.</summary>
public static class EnqueueCommand
{
    /// <summary>The server's batch limit (POST /v1/executions/batch takes at most 1000; the OpenAPI document at /openapi/v1.json).</summary>
    public const int BatchSize = 1000;

    public static Command Create()
    {
        var title = new Argument<string?>("title")
        {
            Description = "A short human title for the task (≤ 256 characters).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        title.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { Length: > 256 } t) r.AddError($"The title must be at most 256 characters, not {t.Length}.");
        });
        var task = ValidatedOptions.Text("--task", "The handler name workers route on (claim --task).", 255, "task");
        var agent = ValidatedOptions.Text("--agent", "The agent this task is meant for (claim --agent filters on it).", 255, "agent");
        var payload = ValidatedOptions.JsonObject("--payload", "The task's input as a JSON object, inline or @file.json.");
        var priority = ValidatedOptions.Int("--priority", "Higher runs first (default 0; negative allowed).", -1_000_000, 1_000_000);
        var queue = ValidatedOptions.Queue("The queue (lane) to put the task in; default 'default'.");
        var runId = ValidatedOptions.RunId("Groups the task into a run (≤ 256 characters); agents can claim and callers can wait per run.");
        var tags = ValidatedOptions.Tags("Labels for filtering, comma-separated (≤ 20, each ≤ 64 characters).");
        var sendAt = ValidatedOptions.SendAt("Not claimable before this time: ISO-8601 or relative (+30s, +5m, +2h, +1d).");
        var ttl = ValidatedOptions.Int("--ttl", "Seconds the task may wait unclaimed before it becomes missed.", 1, 31_536_000, "seconds");
        var maxAttempts = ValidatedOptions.Int("--max-attempts", "How many claims (deliveries) the task gets before it fails for good (1–25, default 3).", 1, 25);
        var idempotencyKey = ValidatedOptions.Text("--idempotency-key", "Enqueueing again with the same key returns the first task instead of a new one.", 256, "key");
        var fromFile = new Option<FileInfo>("--from-file")
        {
            Description = "Enqueue every line of a JSON Lines file (one POST /v1/executions body per line) in batches of up to 1000; options given here fill fields a line leaves out.",
            HelpName = "tasks.jsonl",
        };
        fromFile.AcceptExistingOnly();

        var command = new Command("enqueue", "Put a task in the queue (or a file of tasks with --from-file) and print its id.")
        {
            title, task, agent, payload, priority, queue, runId, tags, sendAt, ttl, maxAttempts, idempotencyKey, fromFile,
        };
        command.Validators.Add(r =>
        {
            if (r.GetResult(fromFile) is not null && r.GetResult(title) is { Tokens.Count: > 0 })
            {
                r.AddError("--from-file takes titles from the file; do not give a TITLE as well.");
            }
        });

        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, (context, ct) =>
        {
            var p = context.Parse;
            var template = new EnqueueExecutionRequest
            {
                Title = p.GetValue(title),
                Task = p.GetValue(task),
                Agent = p.GetValue(agent),
                Payload = p.GetValue(payload),
                Priority = p.GetValue(priority),
                Queue = p.GetValue(queue),
                RunId = p.GetValue(runId),
                Tags = p.GetValue(tags) is { Length: > 0 } t ? t : null,
                SendAt = p.GetValue(sendAt),
                TtlSeconds = p.GetValue(ttl),
                MaxAttempts = p.GetValue(maxAttempts),
                IdempotencyKey = p.GetValue(idempotencyKey),
            };
            return p.GetValue(fromFile) is { } file
                ? EnqueueFileAsync(context, file, template, ct)
                : EnqueueOneAsync(context, template, ct);
        });
        return command;
    }

    private static async Task<CommandResult> EnqueueOneAsync(ClientContext context, EnqueueExecutionRequest request, CancellationToken ct)
    {
        var enqueued = await context.Client.EnqueueAsync(request, ct);
        var e = enqueued.Execution;
        return new CommandResult
        {
            Fields = new JsonObject
            {
                ["created"] = enqueued.Created,
                ["execution"] = WireJson.Node(e, BatonJson.Default.ExecutionResponse),
            },
            Text = console => TextViews.ExecutionLine(console, enqueued.Created ? "Enqueued" : "Already enqueued (same idempotency key):", e),
            QuietLines = [e.Id.ToString()],
            Warnings = [
                .. enqueued.Created ? Array.Empty<string>() : ["An execution with this idempotency key already existed; it was returned unchanged."],
                .. e.Task is null ? [NoTaskWarning("The task has")] : Array.Empty<string>(),
            ],
        };
    }

    /// <summary>Workers claim by task name (their handlers, claim --task); a task without one reaches only unfiltered claims.</summary>
    private static string NoTaskWarning(string subject) =>
        $"{subject} no task name (--task, or \"task\" in the payload): only workers without a task filter will claim it " +
        "(a `baton worker` never does; it claims the task names of its handlers).";

    private static async Task<CommandResult> EnqueueFileAsync(
        ClientContext context, FileInfo file, EnqueueExecutionRequest template, CancellationToken ct)
    {
        // Every line is read and checked before the first request, so a bad line 9,000 does not leave 8,999 enqueued.
        var requests = await ReadLinesAsync(file, template, ct);
        var ids = new List<Guid>(requests.Count);
        var withoutTask = 0;
        var batches = requests.Chunk(BatchSize).ToList();

        async Task SendAllAsync(Action<int>? advance)
        {
            foreach (var batch in batches)
            {
                try
                {
                    var response = await context.Client.EnqueueBatchAsync(batch, ct);
                    ids.AddRange(response.Executions.Select(e => e.Id));
                    withoutTask += response.Executions.Count(e => e.Task is null);
                }
                catch (BatonApiException e) when (ids.Count > 0)
                {
                    throw new BatonApiException(e.Status, e.Code,
                        $"{e.Message} ({ids.Count} of {requests.Count} tasks were enqueued before this batch failed; each batch is all or nothing.)",
                        e.Details, e.RequestId, e.RetryAfter);
                }

                advance?.Invoke(batch.Length);
            }
        }

        if (context.Output.IsInteractive && requests.Count > 0)
        {
            await context.Output.Console.Progress().StartAsync(async progress =>
            {
                var bar = progress.AddTask($"Enqueueing {requests.Count} tasks", maxValue: requests.Count);
                await SendAllAsync(n => bar.Increment(n));
            });
        }
        else
        {
            await SendAllAsync(null);
        }

        return new CommandResult
        {
            Fields = new JsonObject
            {
                ["enqueued"] = ids.Count,
                ["batches"] = batches.Count,
                ["ids"] = new JsonArray([.. ids.Select(id => (JsonNode)JsonValue.Create(id.ToString()))]),
            },
            Text = console => console.MarkupLine($"Enqueued [bold]{ids.Count}[/] tasks from {Markup.Escape(file.Name)} in {batches.Count} batch request(s)."),
            QuietLines = [.. ids.Select(id => id.ToString())],
            Warnings = withoutTask == 0 ? [] : [NoTaskWarning(withoutTask == 1 ? "1 task has" : $"{withoutTask} tasks have")],
        };
    }

    private static async Task<List<EnqueueExecutionRequest>> ReadLinesAsync(
        FileInfo file, EnqueueExecutionRequest template, CancellationToken ct)
    {
        var requests = new List<EnqueueExecutionRequest>();
        var lineNumber = 0;
        await foreach (var line in File.ReadLinesAsync(file.FullName, ct))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            EnqueueExecutionRequest? request;
            try
            {
                request = JsonSerializer.Deserialize(line, BatonJson.Default.EnqueueExecutionRequest);
            }
            catch (JsonException e)
            {
                throw new CliUsageException($"--from-file {file.Name} line {lineNumber} is not a JSON object of task fields: {e.Message}");
            }

            if (request is null) throw new CliUsageException($"--from-file {file.Name} line {lineNumber} is null, not a task.");
            requests.Add(request with
            {
                Title = request.Title ?? template.Title,
                Task = request.Task ?? template.Task,
                Agent = request.Agent ?? template.Agent,
                Payload = request.Payload ?? template.Payload,
                Priority = request.Priority ?? template.Priority,
                Queue = request.Queue ?? template.Queue,
                RunId = request.RunId ?? template.RunId,
                Tags = request.Tags ?? template.Tags,
                SendAt = request.SendAt ?? template.SendAt,
                TtlSeconds = request.TtlSeconds ?? template.TtlSeconds,
                MaxAttempts = request.MaxAttempts ?? template.MaxAttempts,
            });
        }

        return requests;
    }
}
