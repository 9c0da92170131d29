using System.CommandLine;
using Baton.Cli.Invocation;
using Baton.Cli.Parsing;
using Baton.Contracts.Cues;

namespace Baton.Cli.Commands.Cues;

/// <summary>
/// <c>baton cues create NAME (--cron EXPR [--timezone TZ] | --at TIME | --on-demand) (--worker | --url URL) …</c>.
/// The schedule and the transport are each exactly one choice, checked before the request.
/// </summary>
public static class CuesCreateCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The name of the cue, unique in your account (≤ 255 characters)." };
        name.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } v && (v.Length is 0 or > 255)) r.AddError($"The cue name must be 1 to 255 characters long, not {v.Length}.");
        });
        var cron = new Option<string?>("--cron") { Description = "Fire on this cron schedule (5 fields, or 6 with seconds), e.g. \"0 9 * * 1-5\".", HelpName = "expr" };
        var timezone = new Option<string?>("--timezone") { Description = "The IANA time zone the cron schedule runs in, e.g. Europe/Berlin (default UTC).", HelpName = "tz" };
        var at = new Option<DateTimeOffset?>("--at")
        {
            Description = "Fire once at this time: ISO-8601 or relative (+5m, +2h, +1d).",
            HelpName = "time|+5m",
            CustomParser = r =>
            {
                if (ValidatedOptions.TryParseTime(r.Tokens[0].Value, DateTimeOffset.UtcNow, out var time)) return time;
                r.AddError($"--at must be an ISO-8601 time or +N followed by s, m, h or d, not '{r.Tokens[0].Value}'.");
                return null;
            },
        };
        var onDemand = new Option<bool>("--on-demand") { Description = "No schedule: the cue fires only with `baton cues fire`." };
        var worker = new Option<bool>("--worker") { Description = "Deliver to workers: executions wait in the queue for `baton claim`." };
        var url = new Option<string?>("--url") { Description = "Deliver as a signed webhook POST to this https URL instead.", HelpName = "url" };
        var description = ValidatedOptions.Text("--description", "A sentence on what the cue is for.", 1000);
        var payload = ValidatedOptions.JsonObject("--payload", "The payload every execution starts from, a JSON object inline or @file.json.");
        var task = ValidatedOptions.Text("--task", "The task name its executions carry, which workers route on (a worker's handler name; claim --task).", 255, "task");
        var queue = ValidatedOptions.Queue("The queue its executions go to (worker cues); default 'default'.");
        var priority = ValidatedOptions.Int("--priority", "Higher runs first (default 0).", -1_000_000, 1_000_000);
        var verification = ValidatedOptions.OneOf("--verification", "What a success must show before it counts as verified.",
            "none", "require_external_id", "require_result_url", "require_artifacts", "manual");
        var maxAttempts = ValidatedOptions.Int("--max-attempts", "Deliveries per execution before it fails for good (1–10, default 3).", 1, 10);
        var catchUp = ValidatedOptions.OneOf("--catch-up", "What happens to slots missed while the server was down (default run_once_if_missed).",
            "run_once_if_missed", "skip_missed", "replay_all");

        var command = new Command("create", "Create a cue: a schedule (--cron, --at or --on-demand) and a delivery (--worker or --url). Prints its id.")
        {
            name, cron, timezone, at, onDemand, worker, url, description, payload, task, queue, priority, verification, maxAttempts, catchUp,
        };
        command.Validators.Add(r =>
        {
            var schedules = (r.GetResult(cron) is null ? 0 : 1) + (r.GetResult(at) is null ? 0 : 1) + (r.GetValue(onDemand) ? 1 : 0);
            if (schedules != 1) r.AddError("Give exactly one schedule: --cron EXPR, --at TIME or --on-demand.");
            if (r.GetValue(worker) == (r.GetResult(url) is not null)) r.AddError("Give exactly one delivery: --worker or --url URL.");
            if (r.GetResult(timezone) is not null && r.GetResult(cron) is null) r.AddError("--timezone applies only to --cron schedules.");
        });
        var globals = GlobalOptions.AddTo(command);
        command.SetClientAction(globals, async (context, ct) =>
        {
            var p = context.Parse;
            var request = new CueRequest
            {
                Name = p.GetRequiredValue(name),
                Description = p.GetValue(description),
                Schedule = p.GetValue(cron) is { } expression
                    ? new CueScheduleBody { Type = "recurring", Cron = expression, Timezone = p.GetValue(timezone) }
                    : p.GetValue(at) is { } time
                        ? new CueScheduleBody { Type = "once", At = time }
                        : new CueScheduleBody { Type = "on_demand" },
                Transport = p.GetValue(worker) ? "worker" : "webhook",
                Callback = p.GetValue(url) is { } callback ? new CueCallbackBody { Url = callback, Method = "POST" } : null,
                Payload = p.GetValue(payload),
                Task = p.GetValue(task),
                Queue = p.GetValue(queue),
                Priority = p.GetValue(priority),
                Verification = p.GetValue(verification) is { } mode ? new CueVerificationBody { Mode = mode } : null,
                Retry = p.GetValue(maxAttempts) is { } attempts ? new CueRetryBody { MaxAttempts = attempts } : null,
                CatchUp = p.GetValue(catchUp),
            };
            return CueResult.Of("Created", await context.Client.CreateCueAsync(request, ct));
        });
        return command;
    }
}
