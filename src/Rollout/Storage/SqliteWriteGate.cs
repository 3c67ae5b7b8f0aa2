using System.Data.Common;
using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Rollout.Storage;

/// <summary>
/// SQLite has one writer at a time. When many requests write at once, the losers get SQLITE_BUSY and the driver
/// retries them after sleeping, so a crowd spends its time asleep. This gate queues the process's writers instead:
/// a write transaction, or a lone INSERT/UPDATE/DELETE outside one, first takes the gate (asynchronously, without a
/// thread blocked), and gives it back when the transaction ends, the statement's reader closes, or, as a safety net,
/// the connection closes. Readers never wait: WAL lets them read beside the writer.
/// Other processes on the same file (the CLI) still meet SQLite's own busy handling.
/// </summary>
public sealed class SqliteWriteGate : IDbTransactionInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor, IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    /// <summary>Which connection holds the gate, and for which lone command (none for a transaction).</summary>
    private readonly ConcurrentDictionary<Guid, Guid?> holders = new();

    public void Dispose() => gate.Dispose();

    private async ValueTask Take(Guid connection, Guid? command, CancellationToken ct)
    {
        if (holders.ContainsKey(connection))
        {
            return;
        }

        await gate.WaitAsync(ct);
        holders[connection] = command;
    }

    private void TakeNow(Guid connection, Guid? command)
    {
        if (!holders.ContainsKey(connection))
        {
            gate.Wait();
            holders[connection] = command;
        }
    }

    private void Give(Guid connection, Guid? onlyFor = null)
    {
        if (holders.TryGetValue(connection, out var command) && (onlyFor is null || command == onlyFor) && holders.TryRemove(connection, out _))
        {
            gate.Release();
        }
    }

    private static bool Writes(DbCommand command)
    {
        if (command.Transaction is not null)
        {
            return false; // The transaction already holds the gate.
        }

        var text = command.CommandText.AsSpan().TrimStart();
        return text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase) || text.StartsWith("REPLACE", StringComparison.OrdinalIgnoreCase);
    }

    // Transactions hold the gate from BEGIN to COMMIT or ROLLBACK.
    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await Take(eventData.ConnectionId, null, cancellationToken);
        return result;
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        TakeNow(eventData.ConnectionId, null);
        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Give(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Give(eventData.ConnectionId);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Give(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Give(eventData.ConnectionId);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Give(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Give(eventData.ConnectionId);

    // A lone write statement holds the gate while it runs (for a reader, until the reader is closed).
    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Writes(command))
        {
            await Take(eventData.ConnectionId, eventData.CommandId, cancellationToken);
        }

        return result;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (Writes(command))
        {
            TakeNow(eventData.ConnectionId, eventData.CommandId);
        }

        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Give(eventData.ConnectionId, eventData.CommandId);
        return ValueTask.FromResult(result);
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Give(eventData.ConnectionId, eventData.CommandId);
        return result;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (Writes(command))
        {
            await Take(eventData.ConnectionId, eventData.CommandId, cancellationToken);
        }

        return result;
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        if (Writes(command))
        {
            TakeNow(eventData.ConnectionId, eventData.CommandId);
        }

        return result;
    }

    public InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        Give(eventData.ConnectionId, eventData.CommandId);
        return result;
    }

    public ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        Give(eventData.ConnectionId, eventData.CommandId);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        Give(eventData.ConnectionId, eventData.CommandId);
        return result;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Give(eventData.ConnectionId, eventData.CommandId);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Give(eventData.ConnectionId, eventData.CommandId);
        return Task.CompletedTask;
    }

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Give(eventData.ConnectionId, eventData.CommandId);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Give(eventData.ConnectionId, eventData.CommandId);
        return Task.CompletedTask;
    }

    // The safety net: a connection that closes or is disposed gives back whatever it held — a transaction whose BEGIN
    // failed (cancelled, or busy because another process writes) ends with no transaction event at all.
    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Give(eventData.ConnectionId);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Give(eventData.ConnectionId);
        return ValueTask.FromResult(result);
    }

    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Give(eventData.ConnectionId);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Give(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    public InterceptionResult ConnectionDisposing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Give(eventData.ConnectionId);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionDisposingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Give(eventData.ConnectionId);
        return ValueTask.FromResult(result);
    }

    public void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) => Give(eventData.ConnectionId);

    public Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Give(eventData.ConnectionId);
        return Task.CompletedTask;
    }
}
