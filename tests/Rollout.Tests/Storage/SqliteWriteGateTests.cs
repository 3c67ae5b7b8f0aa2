using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Tests.Storage;

/// <summary>The SQLite write gate queues writers and never stays shut, even when a BEGIN fails.</summary>
public sealed class SqliteWriteGateTests : IAsyncLifetime
{
    private readonly SqliteWriteGate gate = new();
    private TestDatabase database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.Create(StorageProvider.Sqlite);
        await using var db = Context();
        await RolloutStorage.Migrate(db, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        gate.Dispose();
        await database.DisposeAsync();
    }

    private SqliteRolloutDb Context(int busySeconds = 30) =>
        new(new DbContextOptionsBuilder<SqliteRolloutDb>()
            .UseSqlite(new SqliteConnectionStringBuilder(database.ConnectionString) { DefaultTimeout = busySeconds }.ToString())
            .AddInterceptors(gate)
            .Options);

    [Fact]
    public async Task A_BEGIN_refused_because_another_process_writes_gives_the_gate_back()
    {
        await using (var outsider = new SqliteConnection(new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString()))
        {
            // Another process (the CLI, say) holds SQLite's write lock; it knows nothing of this process's gate.
            await outsider.OpenAsync(Ct);
            await using var hold = outsider.CreateCommand();
            hold.CommandText = "BEGIN IMMEDIATE;";
            await hold.ExecuteNonQueryAsync(Ct);

            await using var refused = Context(busySeconds: 1);
            await Assert.ThrowsAsync<SqliteException>(async () =>
            {
                await using var transaction = await refused.Database.BeginTransactionAsync(Ct);
                await refused.Database.ExecuteSqlRawAsync("""INSERT INTO idempotent_requests ("Key", "RequestHash", "Owner", "CreatedAt") VALUES ('a', 'h', 'owner', '2026-11-26')""", Ct);
            });
            hold.CommandText = "ROLLBACK;";
            await hold.ExecuteNonQueryAsync(Ct);
        }

        await using var next = Context();
        await using var later = await next.Database.BeginTransactionAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await next.Database.ExecuteSqlRawAsync("""INSERT INTO idempotent_requests ("Key", "RequestHash", "Owner", "CreatedAt") VALUES ('b', 'h', 'owner', '2026-11-26')""", Ct);
        await later.CommitAsync(Ct);
    }

    [Fact]
    public async Task Fifty_writers_at_once_all_commit_without_sleeping_on_a_busy_database()
    {
        // Each writer on a thread of its own, so they really crowd the database at once.
        var writers = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            await using var db = Context(busySeconds: 1); // A writer that met SQLITE_BUSY would fail after a second.
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            var key = $"k{i}";
            await db.Database.ExecuteSqlAsync($"""INSERT INTO idempotent_requests ("Key", "RequestHash", "Owner", "CreatedAt") VALUES ({key}, 'h', 'owner', '2026-11-26')""", Ct);
            await Task.Delay(50, Ct); // Hold the write a while, as a checkout does: 50 × 50 ms is well past the 1 s busy timeout.
            await transaction.CommitAsync(Ct);
        }, Ct));

        await Task.WhenAll(writers);

        await using var check = Context();
        Assert.Equal(50, await check.IdempotentRequests.CountAsync(Ct));
    }
}
