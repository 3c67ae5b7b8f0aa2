using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rollout.Storage;

/// <summary>
/// Group commit: the writes of many requests run one after the other in one transaction, committed together, and
/// each request is answered only once that commit is durable. The database then syncs once per batch instead of once
/// per request, and no two writes of the process ever fight over a row or a lock (there is one writer). A write that
/// fails returns its error and leaves no trace (its savepoint is rolled back, its later statements dropped, its
/// changes to the writer's memory undone); a first pass whose guessed statements missed is run again without guessing;
/// a batch that throws is rolled back and its writes are run again one by one, each in its own transaction, so one bad
/// write never fails the others. See docs/decisions/0008-group-commit.md and 0009-guessed-statements.md.
/// </summary>
public sealed partial class GroupCommit : IAsyncDisposable
{
    private const int MaxBatch = 512;
    private readonly Channel<IWrite> queue = Channel.CreateUnbounded<IWrite>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly IServiceScopeFactory scopes;
    private readonly ReferenceChanges changes;
    private readonly ILogger<GroupCommit> logger;
    private readonly Task loop;
    private long uncertain;
    private Session? session;
    private readonly CancellationTokenSource stopCheckpoints = new();
    private Task? checkpoints;

    public GroupCommit(IServiceScopeFactory scopes, ReferenceChanges changes, ILogger<GroupCommit> logger)
    {
        this.scopes = scopes;
        this.changes = changes;
        this.logger = logger;
        // A thread of its own, blocking on its statements: awaiting them, every round trip of the one writer would
        // resume behind the requests queued in the thread pool, and under load that wait is longer than the trip.
        loop = Task.Factory.StartNew(Loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private interface IWrite
    {
        Task<bool> Run(Batch batch);

        void Committed();

        void Failed(Exception exception);
    }

    /// <summary>
    /// Queues <paramref name="write"/> and answers once its batch is committed. The write may run twice or three times
    /// (a pass that guessed wrong, a batch that throws), so it changes nothing outside the database but what the writer
    /// alone keeps (registered with <see cref="Batch.Undo"/>) or takes once (an order awaiting payment); the caller
    /// updates what it keeps in memory after this returns.
    /// </summary>
    public async Task<Result<T>> Write<T>(Func<Batch, Task<Result<T>>> write)
    {
        var work = new Pending<T>(write);
        ObjectDisposedException.ThrowIf(!queue.Writer.TryWrite(work), this);

        return await work.Answer.Task;
    }

    /// <summary>
    /// How many commits failed without knowing whether they took effect: whoever keeps counts in the writer's memory
    /// reads them again from the database when this moves.
    /// </summary>
    public long Uncertain => Interlocked.Read(ref uncertain);

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop;
        await stopCheckpoints.CancelAsync();
        if (checkpoints is not null)
        {
            await checkpoints;
        }

        stopCheckpoints.Dispose();
    }

    /// <summary>
    /// SQLite only: copies the write-ahead log into the database a few times a second from a connection of its own, so
    /// the writer never stops a commit to do it (its own connection does not check-point: a commit that did held every
    /// claim waiting for it, the slowest answers of a launch).
    /// </summary>
    private async Task Checkpoint()
    {
        while (!stopCheckpoints.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<RolloutDb>();
                await db.Database.OpenConnectionAsync(stopCheckpoints.Token);
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                while (true)
                {
                    await Task.Delay(200, stopCheckpoints.Token);
                    await command.ExecuteNonQueryAsync(stopCheckpoints.Token);
                }
            }
            catch (OperationCanceledException) when (stopCheckpoints.IsCancellationRequested)
            {
                return; // Stopping: the next connection to open the database finishes the job.
            }
            catch (Exception e)
            {
                // Never given up: the writer's own connection does not check-point, so without this the log would only grow.
                CheckpointFailed(logger, e);
                await Task.Delay(1000, CancellationToken.None);
            }
        }
    }

    private void Loop()
    {
        try
        {
            Serve();
        }
        finally
        {
            session?.Dispose();
            session = null;
        }
    }

    private void Serve()
    {
        var writes = new List<IWrite>(MaxBatch);
        while (queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            writes.Clear();
            while (writes.Count < MaxBatch && queue.Reader.TryRead(out var write))
            {
                writes.Add(write);
            }

            try
            {
                Commit(writes);
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
                    Alone(write);
                }
            }
            catch (Exception e)
            {
                changes.UnitsMayBeBack();
                writes[0].Failed(e);
            }
        }
    }

    /// <summary>
    /// Commits the writes as one batch, first guessing the outcome of their <see cref="Batch.Expect"/> statements (one
    /// round trip for all of them), and, if a guess was wrong, once more running each on the spot.
    /// </summary>
    private void Commit(List<IWrite> writes)
    {
        try
        {
            Commit(writes, speculating: true);
        }
        catch (GuessMissedException e)
        {
            changes.UnitsMayBeBack(); // What the first pass saw was never committed.
            GuessMissed(logger, writes.Count, e.Message);
            Commit(writes, speculating: false);
        }
    }

    private void Alone(IWrite write)
    {
        try
        {
            Commit([write], speculating: false);
            write.Committed();
        }
        catch (Exception e)
        {
            changes.UnitsMayBeBack();
            write.Failed(e);
        }
    }

    private void Commit(List<IWrite> writes, bool speculating)
    {
        var writer = session ??= Session.Open(scopes);
        if (writer.Sqlite && checkpoints is null)
        {
            checkpoints = Task.Run(Checkpoint);
        }

        var committed = false;
        try
        {
            var db = writer.Db;
            using var transaction = db.Database.BeginTransaction();
            using var batch = Batch.Reusing(db, writer.Statements);
            batch.Speculating = speculating;
            batch.Blocking = true;
            try
            {
                Run(writes, db, transaction, batch, speculating);
            }
            catch
            {
                batch.Abandon(); // Not committed (or not known to be): the writer's memory goes back to what the database held.
                throw;
            }

            if (batch.UnitsGivenBack)
            {
                changes.UnitsMayBeBack();
            }

            committed = true;
        }
        finally
        {
            if (committed)
            {
                writer.Db.ChangeTracker.Clear();
            }
            else
            {
                // After a failure nothing of the old connection or context is trusted: the next batch opens new ones.
                writer.Dispose();
                session = null;
            }
        }
    }

    private void Run(List<IWrite> writes, RolloutDb db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, Batch batch, bool speculating)
    {
        foreach (var write in writes)
        {
            batch.Begin();
            var succeeded = write.Run(batch).GetAwaiter().GetResult(); // Done at once, unless the write awaits something of its own.
            batch.End(succeeded);
            if (batch.SavepointTaken)
            {
                if (succeeded)
                {
                    transaction.ReleaseSavepoint("write");
                }
                else
                {
                    transaction.RollbackToSavepoint("write");
                    transaction.ReleaseSavepoint("write");
                }
            }
        }

        batch.Flush().GetAwaiter().GetResult();
        try
        {
            db.SaveChanges();
        }
        catch (DbUpdateConcurrencyException e) when (speculating)
        {
            // A copy kept in memory (an order awaiting payment) that someone changed meanwhile: read it this time.
            throw new GuessMissedException(e.Message, e);
        }

        try
        {
            transaction.Commit();
        }
        catch (Exception e)
        {
            // The database may have committed before the answer was lost: running these writes again could do them twice,
            // and what the writer keeps in memory may or may not match it.
            Interlocked.Increment(ref uncertain);
            throw new CommitUnknownException(e);
        }
    }

    /// <summary>
    /// The writer's database context, its open connection and its prepared statements, kept from one batch to the next:
    /// making them for every batch cost the one writer a fifth of its time.
    /// </summary>
    private sealed class Session : IDisposable
    {
        private readonly IServiceScope scope;

        private Session(IServiceScope scope, RolloutDb db) => (this.scope, Db) = (scope, db);

        public RolloutDb Db { get; }

        public bool Sqlite => Db.Database.IsSqlite();

        public Dictionary<string, System.Data.Common.DbCommand> Statements { get; } = new(StringComparer.Ordinal);

        public static Session Open(IServiceScopeFactory scopes)
        {
            var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<RolloutDb>();
            db.InGroupCommit = true;
            db.Database.OpenConnection();
            var session = new Session(scope, db);
            if (session.Sqlite)
            {
                db.Database.ExecuteSqlRaw("PRAGMA wal_autocheckpoint=0"); // See Checkpoint.
            }

            return session;
        }

        public void Dispose()
        {
            foreach (var statement in Statements.Values)
            {
                statement.Dispose();
            }

            Statements.Clear();
            try
            {
                Db.Database.CloseConnection();
            }
            finally
            {
                scope.Dispose();
            }
        }
    }

    /// <summary>The commit itself failed: whether it took effect is unknown, so its writes are not run again.</summary>
    private sealed class CommitUnknownException(Exception inner) : Exception("The commit of a group of writes failed; they may or may not have taken effect.", inner);

    [LoggerMessage(Level = LogLevel.Information, Message = "A group commit of {Count} writes guessed wrong ({Statement}); running it again")]
    private static partial void GuessMissed(ILogger logger, int count, string statement);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Copying SQLite's write-ahead log into the database failed; trying again")]
    private static partial void CheckpointFailed(ILogger logger, Exception exception);

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
