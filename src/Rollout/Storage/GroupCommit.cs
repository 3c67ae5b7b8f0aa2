using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rollout.Storage;

/// <summary>A JSON document as a statement's parameter: text in SQLite, <c>jsonb</c> in PostgreSQL.</summary>
public sealed record JsonText(string Json);

/// <summary>
/// What one write sees inside a group commit (or any transaction): the database context and its transaction.
/// Statements run at once; entities a write adds to <see cref="Db"/> are inserted with the rest of the batch just
/// before the commit. A write adds entities only once it knows it succeeds; if it may fail after a statement that
/// changed rows, it takes a <see cref="Savepoint"/> first. Inside a group commit each statement is prepared once per
/// batch and reused by every write (SQLite would otherwise parse it again for each).
/// </summary>
public sealed class Batch(RolloutDb db) : IAsyncDisposable
{
    private readonly bool sqlite = db.Database.IsSqlite();
    private readonly List<(string Sql, object?[] Values)> later = [];
    private Dictionary<string, DbCommand>? prepared;
    private int kept;

    private DbTransaction? Transaction => db.Database.CurrentTransaction?.GetDbTransaction();

    public RolloutDb Db => db;

    /// <summary>Whether the write running now asked for a savepoint (its statements are undone if it fails).</summary>
    internal bool SavepointTaken { get; set; }

    /// <summary>Whether a write of this batch gave units back (a hold released or expired).</summary>
    public bool UnitsGivenBack { get; set; }

    /// <summary>A batch that keeps its statements prepared until it is disposed (the group commit's).</summary>
    internal static Batch Reusing(RolloutDb db) => new(db) { prepared = [] };

    /// <summary>Runs a statement whose parameters are <c>@p0</c>, <c>@p1</c>...; returns the rows it changed.</summary>
    public async Task<int> Execute(string sql, params object?[] values)
    {
        var command = await Command(sql, values);
        try
        {
            return await command.ExecuteNonQueryAsync();
        }
        finally
        {
            await Done(command);
        }
    }

    /// <summary>Runs a query and returns the first column of its first row (null when none).</summary>
    public async Task<object?> Scalar(string sql, params object?[] values)
    {
        var command = await Command(sql, values);
        try
        {
            var value = await command.ExecuteScalarAsync();
            return value is DBNull ? null : value;
        }
        finally
        {
            await Done(command);
        }
    }

    /// <summary>Runs a query and reads each row with <paramref name="read"/>.</summary>
    public async Task<List<T>> Rows<T>(string sql, Func<DbDataReader, T> read, params object?[] values)
    {
        var command = await Command(sql, values);
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<T>();
            while (await reader.ReadAsync())
            {
                rows.Add(read(reader));
            }

            return rows;
        }
        finally
        {
            await Done(command);
        }
    }

    /// <summary>
    /// A statement whose outcome nobody waits for (an insert of a row no one else writes): in a group commit it runs
    /// with the batch's others just before the commit, in one round trip where the database allows it, and not at all
    /// if its write fails; elsewhere it runs now.
    /// </summary>
    public Task Later(string sql, params object?[] values)
    {
        if (prepared is null)
        {
            return Execute(sql, values);
        }

        later.Add((sql, values));
        return Task.CompletedTask;
    }

    /// <summary>Marks the point this write's statements are undone to if it fails; once per write.</summary>
    public async Task Savepoint()
    {
        if (!SavepointTaken)
        {
            await db.Database.CurrentTransaction!.CreateSavepointAsync("write");
            SavepointTaken = true;
        }
    }

    /// <summary>A write begins: nothing of it is taken yet.</summary>
    internal void Begin() => SavepointTaken = false;

    /// <summary>The write ended: its later statements are kept if it succeeded, dropped if not.</summary>
    internal void End(bool succeeded)
    {
        if (succeeded)
        {
            kept = later.Count;
        }
        else
        {
            later.RemoveRange(kept, later.Count - kept);
        }
    }

    /// <summary>Runs the kept later statements, in one round trip where the provider can batch them.</summary>
    internal async Task Flush()
    {
        var connection = db.Database.GetDbConnection();
        if (later.Count > 1 && connection.CanCreateBatch)
        {
            await using var statements = connection.CreateBatch();
            statements.Transaction = Transaction;
            foreach (var (sql, values) in later)
            {
                var statement = statements.CreateBatchCommand();
                statement.CommandText = sql;
                for (var i = 0; i < values.Length; i++)
                {
                    var parameter = statement.CreateParameter();
                    parameter.ParameterName = $"@p{i}";
                    Bind(parameter, values[i]);
                    statement.Parameters.Add(parameter);
                }

                statements.BatchCommands.Add(statement);
            }

            await statements.ExecuteNonQueryAsync();
        }
        else
        {
            foreach (var (sql, values) in later)
            {
                await Execute(sql, values);
            }
        }

        later.Clear();
        kept = 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (prepared is { } commands)
        {
            prepared = null;
            foreach (var command in commands.Values)
            {
                await command.DisposeAsync();
            }
        }
    }

    private async Task<DbCommand> Command(string sql, object?[] values)
    {
        if (db.Database.GetDbConnection().State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(); // Outside a transaction EF opens it only for its own statements.
        }

        if (prepared?.GetValueOrDefault(sql) is not { } command)
        {
            command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"@p{i}";
                command.Parameters.Add(parameter);
            }

            prepared?.Add(sql, command);
        }

        command.Transaction = Transaction;
        for (var i = 0; i < values.Length; i++)
        {
            Bind(command.Parameters[i], values[i]);
        }

        return command;
    }

    private void Bind(DbParameter parameter, object? value)
    {
        if (value is JsonText && parameter is Npgsql.NpgsqlParameter postgres)
        {
            postgres.NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb;
        }

        parameter.Value = value switch
        {
            null => DBNull.Value,
            Instant instant => instant.ToDateTimeUtc(),
            Guid id when sqlite => id.ToString().ToUpperInvariant(), // how EF Core stores a Guid in SQLite
            JsonText json => json.Json,
            _ => value,
        };
    }

    private async ValueTask Done(DbCommand command)
    {
        if (prepared is null)
        {
            await command.DisposeAsync();
        }
    }
}

/// <summary>
/// Group commit: the writes of many requests run one after the other in one transaction, committed together, and
/// each request is answered only once that commit is durable. The database then syncs once per batch instead of once
/// per request, and no two writes of the process ever fight over a row or a lock (there is one writer). A write that
/// fails returns its error and leaves no trace (its savepoint is rolled back); a batch that throws is rolled back and
/// its writes are run again one by one, each in its own transaction, so one bad write never fails the others.
/// See docs/decisions/0008-group-commit.md.
/// </summary>
public sealed partial class GroupCommit : IAsyncDisposable
{
    private const int MaxBatch = 512;
    private readonly Channel<IWrite> queue = Channel.CreateUnbounded<IWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IServiceScopeFactory scopes;
    private readonly ReferenceChanges changes;
    private readonly ILogger<GroupCommit> logger;
    private readonly Task loop;

    public GroupCommit(IServiceScopeFactory scopes, ReferenceChanges changes, ILogger<GroupCommit> logger)
    {
        this.scopes = scopes;
        this.changes = changes;
        this.logger = logger;
        loop = Task.Run(Loop);
    }

    private interface IWrite
    {
        Task<bool> Run(Batch batch);

        void Committed();

        void Failed(Exception exception);
    }

    /// <summary>
    /// Queues <paramref name="write"/> and answers once its batch is committed. The write may run twice (a batch that
    /// throws is retried write by write), so it changes nothing outside the database; the caller updates what it keeps
    /// in memory after this returns.
    /// </summary>
    public async Task<Result<T>> Write<T>(Func<Batch, Task<Result<T>>> write)
    {
        var work = new Pending<T>(write);
        ObjectDisposedException.ThrowIf(!queue.Writer.TryWrite(work), this);

        return await work.Answer.Task;
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop;
    }

    private async Task Loop()
    {
        var writes = new List<IWrite>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            writes.Clear();
            while (writes.Count < MaxBatch && queue.Reader.TryRead(out var write))
            {
                writes.Add(write);
            }

            try
            {
                await Commit(writes);
                foreach (var write in writes)
                {
                    write.Committed();
                }
            }
            catch (CommitUnknownException e)
            {
                changes.UnitsMayBeBack();
                foreach (var write in writes)
                {
                    write.Failed(e);
                }
            }
            catch (Exception e) when (writes.Count > 1)
            {
                changes.UnitsMayBeBack(); // What its writes saw (sold out, say) was never committed.
                BatchFailed(logger, writes.Count, e);
                foreach (var write in writes)
                {
                    await Alone(write);
                }
            }
            catch (Exception e)
            {
                changes.UnitsMayBeBack();
                writes[0].Failed(e);
            }
        }
    }

    private async Task Alone(IWrite write)
    {
        try
        {
            await Commit([write]);
            write.Committed();
        }
        catch (Exception e)
        {
            changes.UnitsMayBeBack();
            write.Failed(e);
        }
    }

    private async Task Commit(List<IWrite> writes)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolloutDb>();
        db.InGroupCommit = true;
        await using var transaction = await db.Database.BeginTransactionAsync();
        await using var batch = Batch.Reusing(db);
        foreach (var write in writes)
        {
            batch.Begin();
            var succeeded = await write.Run(batch);
            batch.End(succeeded);
            if (batch.SavepointTaken)
            {
                if (succeeded)
                {
                    await transaction.ReleaseSavepointAsync("write");
                }
                else
                {
                    await transaction.RollbackToSavepointAsync("write");
                    await transaction.ReleaseSavepointAsync("write");
                }
            }
        }

        await batch.Flush();
        await db.SaveChangesAsync();
        try
        {
            await transaction.CommitAsync();
        }
        catch (Exception e)
        {
            // The database may have committed before the answer was lost: running these writes again could do them twice.
            throw new CommitUnknownException(e);
        }

        if (batch.UnitsGivenBack)
        {
            changes.UnitsMayBeBack();
        }
    }

    /// <summary>The commit itself failed: whether it took effect is unknown, so its writes are not run again.</summary>
    private sealed class CommitUnknownException(Exception inner) : Exception("The commit of a group of writes failed; they may or may not have taken effect.", inner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A group commit of {Count} writes failed; running them one by one")]
    private static partial void BatchFailed(ILogger logger, int count, Exception exception);

    private sealed class Pending<T>(Func<Batch, Task<Result<T>>> write) : IWrite
    {
        private Result<T> result;

        public TaskCompletionSource<Result<T>> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<bool> Run(Batch batch)
        {
            result = await write(batch);
            return result.IsSuccess;
        }

        public void Committed() => Answer.TrySetResult(result);

        public void Failed(Exception exception)
        {
            if (Saving.IsUniqueViolation(exception))
            {
                Answer.TrySetResult(Error.Conflict("storage.duplicate", "Another request has just created the same thing; read it again."));
            }
            else if (exception is DbUpdateConcurrencyException)
            {
                Answer.TrySetResult(Error.Conflict("storage.changed", "Someone changed this meanwhile; read it again and retry."));
            }
            else
            {
                Answer.TrySetException(exception);
            }
        }
    }
}
