using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Storage;

namespace Rollout.Tests.Storage;

/// <summary>
/// The group commit: many writes share one transaction, yet each succeeds or fails on its own, and a failed write
/// leaves nothing behind; the selling data kept in memory follows every change at once.
/// </summary>
public abstract class GroupCommitTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<Result<string>> Insert(GroupCommit writer, string key, bool fail = false) =>
        writer.Write<string>(async batch =>
        {
            await batch.Savepoint();
            await batch.Execute("""INSERT INTO idempotent_requests ("Key", "RequestHash", "Owner", "CreatedAt") VALUES (@p0, 'h', '', @p1)""", key, RolloutApp.Today.UtcDateTime);
            return fail ? Error.Conflict("test.refused", "This write changes its mind after its statement.") : key;
        });

    [Fact]
    public async Task Writes_sharing_a_batch_stand_or_fall_alone()
    {
        var writer = App.Services.GetRequiredService<GroupCommit>();
        await Insert(writer, "taken");

        // Two hundred writes at once, on threads of their own so they crowd into the same batches: one breaks a unique
        // key, one refuses after its statement; the others must all commit, and the two must leave nothing.
        var writes = Enumerable.Range(0, 200).Select(i => Task.Run(() => i switch
        {
            7 => Insert(writer, "taken"),
            11 => Insert(writer, "refused", fail: true),
            _ => Insert(writer, $"k{i}"),
        }, Ct)).ToList();
        var results = await Task.WhenAll(writes);

        Assert.Equal("storage.duplicate", results[7].Error.Code);
        Assert.Equal("test.refused", results[11].Error.Code);
        Assert.Equal(198, results.Count(r => r.IsSuccess));
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolloutDb>();
        Assert.Equal(199, await db.IdempotentRequests.CountAsync(Ct)); // "taken" once, and the 198.
        Assert.False(await db.IdempotentRequests.AnyAsync(r => r.Key == "refused", Ct));
    }

    [Fact]
    public async Task What_writes_keep_in_memory_matches_what_was_committed_when_batches_fail_or_run_again()
    {
        var writer = App.Services.GetRequiredService<GroupCommit>();
        await Insert(writer, "taken");
        var counted = 0; // What the writer keeps in memory: one per row it wrote, changed on its thread only.

        // Two hundred writes count themselves, then write: one breaks a unique key (the batch throws and its writes run
        // again one by one), one guesses wrong (its batch runs again without guessing). A batch that is not committed
        // must take back what its writes counted, including the one that threw halfway.
        var writes = Enumerable.Range(0, 200).Select(i => Task.Run(() => writer.Write<int>(async batch =>
        {
            counted++;
            batch.Undo(() => counted--);
            var key = i == 7 ? "taken" : $"m{i}";
            if (i == 13)
            {
                return await batch.Expect(0, """INSERT INTO idempotent_requests ("Key", "RequestHash", "Owner", "CreatedAt") VALUES (@p0, 'h', '', @p1)""", key, RolloutApp.Today.UtcDateTime);
            }

            return await batch.Execute("""INSERT INTO idempotent_requests ("Key", "RequestHash", "Owner", "CreatedAt") VALUES (@p0, 'h', '', @p1)""", key, RolloutApp.Today.UtcDateTime);
        }), Ct)).ToList();
        var results = await Task.WhenAll(writes.Select(async w => { try { return await w; } catch (Exception e) when (e is System.Data.Common.DbException) { return Error.Conflict("test.failed", e.Message); } }));

        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolloutDb>();
        var rows = (await db.IdempotentRequests.Select(r => r.Key).ToListAsync(Ct)).Count(k => k.StartsWith('m'));
        Assert.False(results[7].IsSuccess);
        Assert.Equal(199, rows);
        Assert.Equal(rows, counted);
    }

    [Fact]
    public async Task A_wrong_guess_runs_the_batch_again_and_every_write_learns_its_true_outcome()
    {
        var writer = App.Services.GetRequiredService<GroupCommit>();
        await Insert(writer, "taken");

        // Two hundred writes guess that their row is new (so nobody waits for it); one is not, and only it may say so.
        var writes = Enumerable.Range(0, 200).Select(i => Task.Run(() => writer.Write<int>(async batch =>
            await batch.Expect(
                1,
                """INSERT INTO idempotent_requests ("Key", "RequestHash", "Owner", "CreatedAt") VALUES (@p0, 'h', '', @p1) ON CONFLICT ("Key") DO NOTHING""",
                i == 7 ? "taken" : $"g{i}",
                RolloutApp.Today.UtcDateTime)), Ct)).ToList();
        var results = await Task.WhenAll(writes);

        Assert.Equal(0, results[7].Value);
        Assert.Equal(199, results.Count(r => r.Value == 1));
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolloutDb>();
        Assert.Equal(200, await db.IdempotentRequests.CountAsync(Ct));
    }

    [Fact]
    public async Task Amounts_added_to_one_row_and_rows_of_one_insert_are_joined_yet_a_failed_write_adds_nothing()
    {
        using var stock = await MadridWith(250);
        var writer = App.Services.GetRequiredService<GroupCommit>();
        const string Take = """UPDATE stock_levels SET "PoolReserved" = "PoolReserved" + @p2 WHERE "Sku" = @p0 AND "Location" = @p1 AND "OnHand" >= "Allocated" + "PoolReserved" + "PoolSold" + @p2""";
        Task<Result<int>[]> Crowd(int from, int count, int refusing = -1) => Task.WhenAll(Enumerable.Range(from, count).Select(i => Task.Run(() => writer.Write<int>(async batch =>
        {
            if (await batch.LaterAdd(2, guessed: true, Take, "NOVA8P-BLK-256", "madrid-dc", 1) == 0)
            {
                return Error.Conflict("stock.sold_out", "None left.");
            }

            await batch.Later("""INSERT INTO idempotent_requests ("Key", "RequestHash", "Owner", "CreatedAt") VALUES (@p0, 'h', '', @p1)""", $"row{i}", RolloutApp.Today.UtcDateTime);
            return i == refusing ? Error.Conflict("test.refused", "This write changes its mind.") : 1;
        }), Ct)));

        // Two hundred writes at once each guess a unit taken and insert a row; one then changes its mind.
        var first = await Crowd(0, 200, refusing: 11);
        // A hundred more for the 51 left: a batch whose joined take wants more than there is runs again without guessing.
        var second = await Crowd(200, 100);

        Assert.Equal("test.refused", first[11].Error.Code);
        Assert.Equal(199, first.Count(r => r.IsSuccess));
        Assert.Equal(51, second.Count(r => r.IsSuccess));
        Assert.All(second.Where(r => !r.IsSuccess), r => Assert.Equal("stock.sold_out", r.Error.Code));
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolloutDb>();
        Assert.Equal(250, await db.IdempotentRequests.CountAsync(r => r.Key.StartsWith("row"), Ct));
        Assert.Equal(250, (await db.StockLevels.AsNoTracking().SingleAsync(l => l.Location == Slug.Parse("madrid-dc").Value, Ct)).PoolReserved);
    }

    [Fact]
    public async Task Units_a_failed_write_guessed_are_left_for_the_next_write_of_its_batch()
    {
        using var stock = await MadridWith(3);
        var writer = App.Services.GetRequiredService<GroupCommit>();
        var left = App.Services.GetRequiredService<Rollout.Inventory.UnitsLeft>();
        var (sku, channel, now) = (Rollout.Catalog.Sku.Parse("NOVA8P-BLK-256").Value, Slug.Parse("es-online").Value, App.Clock.Now());
        Task<Result<bool>> Hold(string holder, int quantity, bool thenFail = false) => writer.Write<bool>(async batch =>
        {
            var held = await Rollout.Inventory.StockHolds.Hold(batch, null, sku, [Slug.Parse("madrid-dc").Value], channel, holder, quantity, now, now + NodaTime.Duration.FromMinutes(15), left);
            return held is null ? Error.Conflict("stock.sold_out", "None left.") : thenFail ? Error.Conflict("test.refused", "Changes its mind.") : true;
        });
        Assert.True((await Hold("first", 1)).IsSuccess); // The writer learns that two are left.

        // The writer is kept busy, so the next two writes share a batch: the first guesses a unit, then fails.
        var busy = writer.Write<bool>(async _ =>
        {
            await Task.Delay(300, Ct);
            return true;
        });
        var failing = Hold("failing", 1, thenFail: true);
        var next = Hold("next", 2);
        await Task.WhenAll(busy, failing, next);

        Assert.Equal("test.refused", failing.Result.Error.Code);
        Assert.True(next.Result.IsSuccess); // Both units were still there: the failed guess took nothing.
    }

    [Fact]
    public async Task A_price_changed_by_staff_is_what_the_next_cart_call_shows()
    {
        using var stock = await MadridWith(5, sku: "NOVA8-BLK-128");
        using var staff = await App.Staff(Rollout.Identity.StaffRoles.PricingManager);
        using var shopper = App.CreateClient();
        var opened = await Json(await shopper.PostAsJsonAsync("/api/carts", new { market = "ES", channel = "es-online" }, Ct));
        var cart = opened.GetProperty("id").GetGuid();
        var before = await Json(await shopper.PutAsJsonAsync($"/api/carts/{cart}/lines", new { sku = "NOVA8-BLK-128", quantity = 1 }, Ct));
        var was = before.GetProperty("lines")[0].GetProperty("unitPrice").GetDecimal();

        var changed = await staff.PutAsJsonAsync("/api/prices", new { sku = "NOVA8-BLK-128", market = "ES", channel = "es-online", amount = was - 10, currency = "EUR" }, Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        var after = await Json(await shopper.GetAsync($"/api/carts/{cart}", Ct));
        Assert.Equal(was - 10, after.GetProperty("lines")[0].GetProperty("unitPrice").GetDecimal());
    }
}

public sealed class SqliteGroupCommitTests() : GroupCommitTests(StorageProvider.Sqlite);

public sealed class PostgresGroupCommitTests() : GroupCommitTests(StorageProvider.Postgres);
