using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Baton.Bench;

/// <summary>
/// Messaging through HTTP on two Baton nodes sharing one PostgreSQL: messages sent per second (8 concurrent senders
/// on node A), delivered per second (inbox reads on both nodes draining them), and the latency of a parked inbox
/// read (<c>wait=30</c>) from the start of a send on node A to the read's answer, on node A and on node B.
/// </summary>
public static class MessagingBench
{
    // Baton.Bench messaging [--messages N] [--samples N] [--smoke] [--out FILE]: on a throwaway PostgreSQL of its own.
    // bench/run.sh runs the same measurement as its step "messaging on two PostgreSQL nodes" (BenchSettings' sizes).
    public static async Task<int> RunAsync(string[] args)
    {
        var messages = BenchSettings.Full.MessagingMessages;
        var samples = BenchSettings.Full.MessagingSamples;
        string? output = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--messages": messages = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--samples": samples = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--smoke": (messages, samples) = (BenchSettings.Smoke.MessagingMessages, BenchSettings.Smoke.MessagingSamples); break;
                case "--out": output = Path.GetFullPath(args[++i]); break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    return 2;
            }
        }

        await using var pg = await PgCluster.StartAsync();
        var result = await MeasureAsync(pg, messages, samples);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Messaging on two nodes over one PostgreSQL 15 ({Environment.ProcessorCount} cores), through HTTP:");
        text.AppendLine();
        foreach (var line in Table(result)) text.AppendLine(line);
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Delivered {result.Delivered:N0} of {result.Messages:N0}. Load average at the end: {result.Load}.");
        Console.WriteLine(text);
        if (output is not null) await File.WriteAllTextAsync(output, text.ToString());
        return 0;
    }

    /// <summary>
    /// One measurement on <paramref name="pg"/> (a fresh database on it): two <c>baton serve</c> nodes, the
    /// throughput of <paramref name="messages"/> messages, then <paramref name="samples"/> wake-ups per node pair.
    /// Throws when not every message was delivered.
    /// </summary>
    public static async Task<MessagingResult> MeasureAsync(PgCluster pg, int messages, int samples)
    {
        var directory = Directory.CreateTempSubdirectory("baton-messaging-bench-").FullName;
        try
        {
            var connection = pg.ConnectionString(await pg.CreateDatabaseAsync("messaging"));
            await using var a = await ServerProcess.StartAsync(connection, Path.Combine(directory, "a"), nodeId: "bench-a");
            await using var b = await ServerProcess.StartAsync(connection, Path.Combine(directory, "b"), nodeId: "bench-b", apiKey: a.ApiKey);
            using var onA = Client(a);
            using var onB = Client(b);
            // Eight senders: each sending agent may send 300 messages a minute, so the load is spread over them.
            var senders = Enumerable.Range(0, 8).Select(k => "s" + k).ToList();
            foreach (var slug in senders.Concat(["sender", "reader", "waiter"]))
            {
                await PostAsync(onA, "v1/agents", $$"""{"display_name": "{{slug}}", "slug": "{{slug}}"}""");
            }

            // Throughput: send, then drain from both nodes.
            var send = Stopwatch.StartNew();
            messages = messages / senders.Count * senders.Count;
            await Task.WhenAll(senders.Select(from => Task.Run(async () =>
            {
                for (var i = 0; i < messages / senders.Count; i++)
                {
                    await PostAsync(onA, "v1/messages", """{"to": "reader", "body": "bench message"}""", from);
                }
            })));
            send.Stop();
            var deliver = Stopwatch.StartNew();
            var delivered = 0;
            await Task.WhenAll(new[] { onA, onB }.Select(client => Task.Run(async () =>
            {
                while (true)
                {
                    using var page = JsonDocument.Parse(await client.GetStringAsync("v1/agents/reader/inbox?state=queued&limit=200"));
                    var n = page.RootElement.GetProperty("messages").GetArrayLength();
                    if (n == 0) return;
                    Interlocked.Add(ref delivered, n);
                }
            })));
            deliver.Stop();
            if (delivered != messages) throw new InvalidOperationException($"delivered {delivered:N0} of {messages:N0} messages");

            var sameNode = await WakeLatenciesAsync(onA, onA, samples);
            var crossNode = await WakeLatenciesAsync(onA, onB, samples);
            return new MessagingResult(messages, delivered, messages / send.Elapsed.TotalSeconds, delivered / deliver.Elapsed.TotalSeconds,
                sameNode, crossNode, File.ReadAllText("/proc/loadavg").Trim());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The result as a markdown table, one line each.</summary>
    public static IEnumerable<string> Table(MessagingResult r)
    {
        static string Ms(List<double> l) => string.Create(CultureInfo.InvariantCulture, $"{Stats.Percentile(l, 50):0.0} / {Stats.Percentile(l, 99):0.0}");
        yield return "| measure | value |";
        yield return "|---|---:|";
        yield return string.Create(CultureInfo.InvariantCulture, $"| messages sent per second (8 concurrent senders, node A, {r.Messages:N0} messages) | {r.SentPerSecond:N0} |");
        yield return string.Create(CultureInfo.InvariantCulture, $"| messages delivered per second (inbox reads of 200 on nodes A and B) | {r.DeliveredPerSecond:N0} |");
        yield return $"| parked inbox read woken by a send, same node: p50 / p99 ms ({r.SameNode.Count} samples) | {Ms(r.SameNode)} |";
        yield return $"| parked inbox read on node B woken by a send on node A: p50 / p99 ms ({r.CrossNode.Count} samples) | {Ms(r.CrossNode)} |";
    }

    /// <summary>Milliseconds from the start of a send on <paramref name="sender"/> to the parked read's answer.</summary>
    private static async Task<List<double>> WakeLatenciesAsync(HttpClient sender, HttpClient reader, int samples)
    {
        var latencies = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            var read = reader.GetStringAsync("v1/agents/waiter/inbox?state=queued&wait=30");
            await Task.Delay(150); // let the read park
            var clock = Stopwatch.StartNew();
            await PostAsync(sender, "v1/messages", """{"to": "waiter", "body": "wake"}""", "sender");
            await read;
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        return latencies;
    }

    private static HttpClient Client(ServerProcess server)
    {
        var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.ApiKey);
        return http;
    }

    private static async Task PostAsync(HttpClient http, string path, string json, string? from = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (from is not null) request.Headers.Add("X-Cueapi-From-Agent", from);
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
