using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Rollout.Identity;

namespace Rollout.Launches;

/// <summary>
/// The benchmark's baseline, mapped only when <c>Rollout:Benchmark:NaiveClaims</c> is true: a claim the way common
/// platforms take stock, one database transaction per attempt that locks the sale's row, checks the units and the
/// customer's limit, and writes the claim. It answers the same outcomes as <see cref="ClaimUnit"/> but has no waiting
/// room, registration or memory; it exists to be measured against (decision 11).
/// </summary>
public static class NaiveClaims
{

    public static void MapNaiveClaims(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Rollout:Benchmark:NaiveClaims", false))
        {
            return;
        }

        app.MapPost("/bench/naive/sales/{sale}/claims", async (string sale, [FromHeader(Name = "Idempotency-Key")] string? key, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
            {
                var customer = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
                var now = clock.Now();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                using var batch = new Batch(db);
                // The sale's row, locked for the transaction (SQLite locks the whole file at the first write: take it here).
                var rows = await batch.Rows(
                    batch.IsSqlite
                        ? """UPDATE flash_sales SET "Leased" = "Leased" WHERE "Code" = @p0 RETURNING "Units", "Leased", "PerCustomerLimit", "HoldMinutes", "Sku", "Location", "Channel" """
                        : """SELECT "Units", "Leased", "PerCustomerLimit", "HoldMinutes", "Sku", "Location", "Channel" FROM flash_sales WHERE "Code" = @p0 FOR UPDATE""",
                    r => (Units: r.GetInt32(0), Leased: r.GetInt32(1), Limit: r.GetInt32(2), Hold: r.GetInt32(3), Sku: r.GetString(4), Location: r.GetString(5), Channel: r.GetString(6)),
                    sale);
                if (rows.Count == 0)
                {
                    return Results.NotFound();
                }

                var row = rows[0];
                // No waiting room here: the customer's "place" is a number drawn from their id, so the claims' index finds them.
                var place = -Math.Abs(BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(customer)), 0) / 2);
                if (await batch.Scalar("""SELECT "Id" FROM sale_claims WHERE "Sale" = @p0 AND "Position" = @p1 AND "Key" = @p2""", sale, place, key ?? "") is not null)
                {
                    return Results.Ok(new ClaimAnswer("won", "Already won with this key."));
                }

                var mine = Convert.ToInt32(await batch.Scalar("""SELECT COUNT(*) FROM sale_claims WHERE "Sale" = @p0 AND "Position" = @p1 AND "Status" <> 'Expired'""", sale, place), System.Globalization.CultureInfo.InvariantCulture);
                if (mine >= row.Limit)
                {
                    return Results.Ok(new ClaimAnswer("over_limit", "Over the limit."));
                }

                if (row.Leased >= row.Units)
                {
                    return Results.Ok(new ClaimAnswer("sold_out", "Sold out."));
                }

                var id = Guid.NewGuid();
                var payBy = now + NodaTime.Duration.FromMinutes(row.Hold);
                await batch.Execute("""UPDATE flash_sales SET "Leased" = "Leased" + 1 WHERE "Code" = @p0""", sale);
                await batch.Execute("""UPDATE allocations SET "Reserved" = "Reserved" + 1 WHERE "Sku" = @p0 AND "Location" = @p1 AND "Channel" = @p2""", row.Sku, row.Location, row.Channel);
                await batch.Execute(
                    """INSERT INTO sale_claims ("Id", "Sale", "CustomerId", "Key", "Status", "Position", "ClaimedAt", "PayBy", "OrderId") VALUES (@p0, @p1, @p2, @p3, 'Won', @p6, @p4, @p5, NULL)""",
                    id, sale, customer, key ?? "", now, payBy, place);
                await transaction.CommitAsync(ct);
                return Results.Ok(new ClaimAnswer("won", "Won.", id, payBy.ToDateTimeOffset()));
            })
            .RequireAuthorization(StaffAuthentication.Customer)
            .ExcludeFromDescription();
    }

}
