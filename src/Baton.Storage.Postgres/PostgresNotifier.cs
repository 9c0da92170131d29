using System.Text;
using System.Threading.Channels;
using Baton.Core.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Baton.Storage.Postgres;

/// <summary>
/// Relays wake-ups between server nodes with <c>LISTEN/NOTIFY</c>. A local <see cref="Notify"/> wakes this
/// node's waiters at once and queues the topic; a sender drains the queue into one <c>pg_notify</c> per batch
/// (topics that pile up while a NOTIFY is in flight go out together, deduplicated — the debounce). Callers
/// notify after their transaction committed, so a woken waiter on another node sees the change. A listener on
/// its own connection turns other nodes' notifications into local wake-ups, and reconnects after a drop — then
/// wakes everyone here, since notifications sent while it was away are lost.
/// </summary>
public sealed class PostgresNotifier : INotifier, IAsyncDisposable
{
    public const string Channel = "baton_wakeups";

    /// <summary>PostgreSQL's NOTIFY payload limit is 8000 bytes; stay under it with room for the node id.</summary>
    private const int MaxPayloadBytes = 7000;

    private readonly InProcessNotifier _local = new();
    private readonly Channel<string> _outgoing = System.Threading.Channels.Channel.CreateUnbounded<string>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _nodeId;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _sender;
    private readonly Task _listener;

    public PostgresNotifier(PostgresStoreOptions options, string nodeId, ILogger<PostgresNotifier>? log = null)
    {
        _dataSource = PostgresStore.CreateDataSource(options);
        _nodeId = nodeId;
        _log = log ?? NullLogger<PostgresNotifier>.Instance;
        _sender = Task.Run(() => SendLoopAsync(_stop.Token));
        _listener = Task.Run(() => ListenLoopAsync(_stop.Token));
    }

    /// <summary>Completes once the listener is subscribed (tests wait on it before expecting remote wake-ups).</summary>
    public Task Listening => _listening.Task;

    /// <summary>A NOTIFY can be lost (a failed send, a dropped listener), so parked waiters keep a safety look.</summary>
    public bool MayLoseWakeups => true;

    public Task Watch(string topic) => _local.Watch(topic);

    public void Notify(string topic)
    {
        _local.Notify(topic);
        _outgoing.Writer.TryWrite(topic);
    }

    public async ValueTask DisposeAsync()
    {
        _outgoing.Writer.TryComplete();
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_sender, _listener);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stop.Dispose();
        await _dataSource.DisposeAsync();
    }

    private async Task SendLoopAsync(CancellationToken ct)
    {
        var batch = new HashSet<string>(StringComparer.Ordinal);
        while (await _outgoing.Reader.WaitToReadAsync(ct))
        {
            while (_outgoing.Reader.TryRead(out var topic)) batch.Add(topic);
            try
            {
                foreach (var payload in Payloads(batch))
                {
                    await using var cmd = _dataSource.CreateCommand("SELECT pg_notify(@channel, @payload)");
                    cmd.Parameters.AddWithValue("@channel", Channel);
                    cmd.Parameters.AddWithValue("@payload", payload);
                    await cmd.ExecuteNonQueryAsync(ct);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Other nodes fall back to their safety re-check; nothing is lost but latency.
                _log.LogWarning(e, "Could not send wake-ups to other nodes");
            }

            batch.Clear();
        }
    }

    /// <summary>"node-id\ntopic\ntopic…" chunks, each under the NOTIFY payload limit.</summary>
    private IEnumerable<string> Payloads(IEnumerable<string> topics)
    {
        var sb = new StringBuilder(_nodeId);
        foreach (var topic in topics)
        {
            if (sb.Length + topic.Length + 1 > MaxPayloadBytes && sb.Length > _nodeId.Length)
            {
                yield return sb.ToString();
                sb.Clear().Append(_nodeId);
            }

            sb.Append('\n').Append(topic);
        }

        if (sb.Length > _nodeId.Length) yield return sb.ToString();
    }

    private async Task ListenLoopAsync(CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        var outage = false;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(ct);
                connection.Notification += (_, e) => OnNotification(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }

                if (outage)
                {
                    _log.LogInformation("Wake-up listener reconnected");
                    _local.NotifyAll(); // whatever was sent while we were away is lost: everyone looks again
                }

                _listening.TrySetResult();
                outage = false;
                delay = TimeSpan.FromMilliseconds(100);
                while (true) await connection.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (!outage) _log.LogWarning(e, "Wake-up listener lost its connection; reconnecting");
                outage = true;
                try
                {
                    await Task.Delay(delay, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private void OnNotification(string payload)
    {
        var lines = payload.Split('\n');
        if (lines[0] == _nodeId) return; // our own waiters were woken when we sent it
        for (var i = 1; i < lines.Length; i++) _local.Notify(lines[i]);
    }
}
