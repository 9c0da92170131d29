using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Baton.Storage.Sqlite;

/// <summary>
/// Group commit. SQLite has one writer and, with <c>synchronous = FULL</c>, one fsync per commit, so every write
/// is queued and one flush runs whatever is queued in one <c>BEGIN IMMEDIATE</c> transaction, each write in its own
/// savepoint (an exception rolls back only that write and fails only its caller), and commits once. A caller's task
/// completes only after that commit; if the commit itself fails, every caller of the flush fails and nothing of
/// theirs is stored. Writes run in the order they were queued, so a write sees what the writes before it in the
/// same flush changed.
/// <para>
/// No timer: a write that finds the writer idle flushes at once, alone and on its caller's thread (with no
/// savepoint, as before group commit). Writes group only when they queue while a flush runs; the next flush takes
/// them all, up to <see cref="MaxWritesPerFlush"/>.
/// </para>
/// </summary>
public sealed partial class SqliteStore
{
    /// <summary>
    /// Most writes one flush takes, so the first of them does not wait behind an unbounded tail for its commit;
    /// the rest stay queued for the next flush.
    /// </summary>
    internal const int MaxWritesPerFlush = 256;

    private readonly ConcurrentQueue<QueuedWrite> _queue = new();

    /// <summary>Writes queued and not yet taken by a flush (cancelled ones included until a flush drops them). For tests.</summary>
    internal int QueuedWrites => _queue.Count;

    /// <summary>Whether a flush holds the writer now. For tests.</summary>
    internal bool WriterHeld => _writeLock.CurrentCount == 0;

    /// <summary>
    /// Runs <paramref name="work"/> on the writer connection inside a committed transaction (shared with the writes
    /// queued beside it); an exception rolls back only this write's changes.
    /// </summary>
    internal Task<T> WriteAsync<T>(Func<SqliteTransaction, T> work, CancellationToken ct) =>
        Enqueue(new QueuedWrite<T>(work, null), ct);

    /// <summary>
    /// <see cref="WriteAsync{T}(Func{SqliteTransaction, T}, CancellationToken)"/> for Core's steps, which await
    /// the driver's statements (<see cref="CueTransaction"/>); on SQLite each completes synchronously, in the flush.
    /// </summary>
    private Task<T> WriteStepsAsync<T>(Func<SqliteTransaction, Task<T>> work, CancellationToken ct) =>
        Enqueue(new QueuedWrite<T>(null, work), ct);

    private Task WriteAsync(Action<SqliteTransaction> work, CancellationToken ct) =>
        WriteAsync(tx =>
        {
            work(tx);
            return true;
        }, ct);

    private Task<T> Enqueue<T>(QueuedWrite<T> write, CancellationToken ct)
    {
        if (ct.IsCancellationRequested) return Task.FromCanceled<T>(ct);
        if (Volatile.Read(ref _disposed) == 1) return Task.FromException<T>(new ObjectDisposedException(nameof(SqliteStore)));
        write.WatchCancellation(ct);
        _queue.Enqueue(write);
        if (_writeLock.Wait(0))
        {
            // The writer was idle: flush now, on this thread.
            _ = FlushQueuedAsync(onThreadPool: false);
        }
        else if (Volatile.Read(ref _disposed) == 1)
        {
            // Disposal holds the lock for good; it may have emptied the queue before this write arrived.
            write.Fail(new ObjectDisposedException(nameof(SqliteStore)));
        }

        // Otherwise the lock's holder flushes this write: it looks at the queue again after releasing the lock.
        return write.Task;
    }

    /// <summary>Flushes until the queue is empty, then releases the write lock, which the caller holds.</summary>
    private async Task FlushQueuedAsync(bool onThreadPool)
    {
        do
        {
            var batch = TakeQueued();
            if (batch.Count > 0) await FlushAsync(batch);
            if (!onThreadPool && !_queue.IsEmpty)
            {
                // The write that started this flush has its answer; its caller goes on, the thread pool flushes
                // what queued meanwhile (the lock passes with it).
                _ = Task.Run(() => FlushQueuedAsync(onThreadPool: true));
                return;
            }
        } while (!_queue.IsEmpty);

        ReleaseWriteLock();
    }

    /// <summary>
    /// Releases the write lock. A write queued while it was held found the lock taken and left its flush to the
    /// holder, so this looks at the queue once more.
    /// </summary>
    private void ReleaseWriteLock()
    {
        _writeLock.Release();
        if (!_queue.IsEmpty && _writeLock.Wait(0)) _ = Task.Run(() => FlushQueuedAsync(onThreadPool: true));
    }

    private List<QueuedWrite> TakeQueued()
    {
        var batch = new List<QueuedWrite>();
        while (batch.Count < MaxWritesPerFlush && _queue.TryDequeue(out var write))
        {
            if (!write.IsDone) batch.Add(write);
        }

        return batch;
    }

    /// <summary>
    /// Runs <paramref name="batch"/> in one transaction and commits; completes every write's caller. Never throws.
    /// Usually one transaction; another only when SQLite rolled the first back on its own (an I/O error, the disk
    /// full), which takes the writes already run in it down too.
    /// </summary>
    private async Task FlushAsync(List<QueuedWrite> batch)
    {
        // Alone, a write needs no savepoint: its failure rolls back the whole transaction, which holds only it.
        var grouped = batch.Count > 1;
        var next = 0;
        while (next < batch.Count)
        {
            SqliteTransaction tx;
            try
            {
                tx = _writer.BeginTransaction(deferred: false);
            }
            catch (Exception e)
            {
                // Busy past busy_timeout (another process holds the file), or the file unusable: every write
                // waiting here would meet the same. So would the writes queued while this one waited: they are
                // answered now (a 503 the caller may retry), not after a busy timeout of their own each, which
                // would have a request queued behind two background writes wait three timeouts.
                foreach (var write in batch.Skip(next)) write.Fail(e);
                if (IsOutage(e))
                {
                    while (_queue.TryDequeue(out var queued)) queued.Fail(e);
                }

                return;
            }

            var ran = new List<QueuedWrite>(batch.Count - next);
            Exception? lost = null;
            try
            {
                while (next < batch.Count && lost is null)
                {
                    var write = batch[next++];
                    if (!write.TryStart()) continue; // cancelled while it waited
                    try
                    {
                        if (grouped) RunSavepointStatement(tx, "SAVEPOINT w");
                        BeginCountedWrite();
                        await write.RunAsync(tx);
                        WriteCountedMoves(tx);
                    }
                    catch (Exception e) when (grouped && InWriterTransaction)
                    {
                        write.Fail(e);
                        RunSavepointStatement(tx, "ROLLBACK TO w");
                        RunSavepointStatement(tx, "RELEASE w");
                        continue;
                    }
                    catch (Exception e)
                    {
                        // Alone, or SQLite has rolled the transaction back: nothing run in it can commit.
                        write.Fail(e);
                        lost = e;
                        break;
                    }

                    ran.Add(write); // before RELEASE: if that fails, the write fails with the rest below
                    if (grouped) RunSavepointStatement(tx, "RELEASE w");
                }

                if (lost is null)
                {
                    tx.Commit();
                    Interlocked.Increment(ref _commits);
                }
            }
            catch (Exception e)
            {
                // The commit failed (a deferred constraint, an I/O error, the disk full), or a savepoint statement
                // did: no write of this transaction is stored.
                lost = e;
            }
            finally
            {
                EndTransaction(tx);
            }

            foreach (var write in ran)
            {
                if (lost is null) write.Succeed();
                else write.Fail(lost);
            }
        }
    }

    private bool InWriterTransaction => raw.sqlite3_get_autocommit(_writer.Handle) == 0;

    private void RunSavepointStatement(SqliteTransaction tx, string sql) => PreparedWriteCommand(tx, sql).ExecuteNonQuery();

    /// <summary>
    /// Rolls back what did not commit. SQLite may already have rolled the transaction back itself, and then
    /// Microsoft.Data.Sqlite's own <c>ROLLBACK</c> fails; whatever happens, the writer is left outside a transaction
    /// for the next flush.
    /// </summary>
    private void EndTransaction(SqliteTransaction tx)
    {
        try
        {
            tx.Dispose();
        }
        catch (Exception)
        {
            // No transaction was left to roll back (SQLite's ROLLBACK fails). Nothing may escape a flush: its
            // callers are answered after this.
        }

        if (InWriterTransaction) raw.sqlite3_exec(_writer.Handle, "ROLLBACK");
    }

    private long _commits;

    /// <summary>Transactions the writer has committed since the store was opened. For tests.</summary>
    internal long Commits => Interlocked.Read(ref _commits);
}
