using System.Globalization;
using Baton.Chaos;

// baton chaos suite: see chaos/README.md. Exit code 0: no violations; 1: violations (listed); 2: bad arguments.
var minutes = 3.0;
var seed = Random.Shared.Next(1, 1_000_000);
var stores = new[] { ChaosStore.Postgres, ChaosStore.Sqlite };
var output = Path.Combine(Path.GetTempPath(), "baton-chaos");
string? recheck = null;
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : "";
    switch (args[i])
    {
        case "--minutes" when double.TryParse(value, CultureInfo.InvariantCulture, out var m) && m > 0:
            minutes = m;
            i++;
            break;
        case "--seed" when int.TryParse(value, CultureInfo.InvariantCulture, out var s):
            seed = s;
            i++;
            break;
        case "--store" when value is "postgres" or "sqlite" or "both":
            stores = value switch
            {
                "postgres" => [ChaosStore.Postgres],
                "sqlite" => [ChaosStore.Sqlite],
                _ => stores,
            };
            i++;
            break;
        case "--out" when value.Length > 0:
            output = value;
            i++;
            break;
        case "--check" when value.Length > 0:
            recheck = value;
            i++;
            break;
        default:
            Console.Error.WriteLine($"""
                unknown or incomplete option '{args[i]}'
                usage: chaos/run.sh [--minutes M (default 3, shared by the stores)] [--seed N] [--store postgres|sqlite|both]
                                    [--out DIR (default {output})] [--check RUN_DIR (re-check a saved run, no new run)]
                """);
            return 2;
    }
}

if (recheck is not null)
{
    var found = Checker.Check(HistoryLog.Read(Path.Combine(recheck, "history.jsonl")), FinalState.Read(Path.Combine(recheck, "final.json")));
    foreach (var v in found) Console.WriteLine($"VIOLATION {v.Rule}: {v.Detail}");
    Console.WriteLine($"{found.Count} violations in {recheck}");
    return found.Count == 0 ? 0 : 1;
}

// PostgreSQL gets two thirds of the time: it has two nodes and twice the faults.
var share = stores.Length == 1 ? new[] { 1.0 } : [2.0 / 3, 1.0 / 3];
Console.WriteLine($"chaos: seed {seed}, {minutes.ToString(CultureInfo.InvariantCulture)} min; reproduce with: chaos/run.sh --seed {seed} --minutes {minutes.ToString(CultureInfo.InvariantCulture)}");
var reports = new List<RunReport>();
for (var s = 0; s < stores.Length; s++)
{
    var directory = Path.Combine(output, $"{seed}-{stores[s].ToString().ToLowerInvariant()}");
    if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    Console.WriteLine($"== {stores[s]} ({directory})");
    reports.Add(await ChaosRun.RunAsync(stores[s], TimeSpan.FromMinutes(minutes * share[s]), seed, directory, Console.Out));
}

Console.WriteLine();
foreach (var r in reports)
{
    Console.WriteLine($"{r.Store}: {r.FaultsInjected.Values.Sum()} faults ({string.Join(", ", r.FaultsInjected.Select(f => $"{f.Key} ×{f.Value}"))})");
    Console.WriteLine($"  {r.Enqueued} enqueues, {r.Claimed} raw claims, {r.Completed} raw outcomes acknowledged; " +
                      $"{r.Executions} executions and {r.Events} events at the end; {r.Outages} answers were outages (503 or no answer); " +
                      $"{r.FailLogLines} fail: lines in the nodes' logs");
    foreach (var rule in Checker.Rules) Console.WriteLine($"  {r.Violations.Count(v => v.Rule == rule),4}  {rule}");
    foreach (var v in r.Violations.Take(20)) Console.WriteLine($"  VIOLATION {v.Rule}: {v.Detail}");
}

var total = reports.Sum(r => r.Violations.Count);
Console.WriteLine(total == 0 ? "chaos: 0 violations" : $"chaos: {total} violations (history and final state kept under {output})");
return total == 0 ? 0 : 1;
