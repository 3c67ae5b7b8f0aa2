using System.Security.Cryptography;
using Rollout.Orders;
using Rollout.Storage;

namespace Rollout.Launches;

/// <summary>
/// The answer to a claim, always immediate: <c>won</c> (the claim, and the time by which to check it out),
/// <c>sold_out</c>, <c>over_limit</c>, <c>not_open</c>, <c>closed</c>, <c>not_registered</c>, or <c>queued</c> (the
/// customer's place in the waiting room and how many are admitted before it).
/// </summary>
public sealed record ClaimAnswer(string Outcome, string Message, Guid? Claim = null, DateTimeOffset? PayBy = null, long? Position = null, long? Ahead = null);

/// <summary>
/// A customer asks for a unit of a flash sale (docs/decisions/0011-launches.md). Everything that loses is answered from
/// the sale's pool in memory, without the database and without waiting for the writer: not open, closed, not
/// registered, over the limit, sold out, queued behind the admitted customers. A claim that may win goes to the group
/// commit's one writer, which checks again, takes the unit from the pool, writes the claim with the batch (the sale's
/// claimed units and the allocation's reserved units each one conditional statement per batch, so the database
/// refuses an oversell even if memory were wrong) and answers "won" once the batch is committed. The same
/// Idempotency-Key never wins twice. A sale that requires a confirmed e-mail address refuses a customer without one
/// (a 403 problem) the first time they come, from then on from memory (<see cref="ConfirmedEmail"/>).
/// </summary>
public static class ClaimUnit
{
    /// <summary>A claim; <paramref name="emailConfirmed"/> when the caller's ticket says their e-mail address is confirmed (a sale may require it).</summary>
    public static async Task<Result<ClaimAnswer>> Handle(string sale, string customer, string? key, LaunchBook book, bool emailConfirmed = false)
    {
        if (Idempotency.CheckKey(key) is { } badKey)
        {
            return badKey;
        }

        if (await book.Pool(sale) is not { } pool)
        {
            return NoSale(sale);
        }

        var now = book.Clock.Now();
        pool.Rates.Attempt(now);
        var shopper = pool.ShopperOf(customer);
        if (shopper.Keys.TryGetValue(key!, out var known) && known.Committed)
        {
            return Won(known, pool);
        }

        // Asked once per customer, where they enter the sale (a field read on every later claim). Before the other
        // refusals: some of them queue the customer, and a customer the sale holds counts as checked.
        if (pool.Sale.RequiresConfirmedEmail && !shopper.EmailConfirmed && await ConfirmedEmail.Refusal(pool, shopper, emailConfirmed, book) is { } unconfirmed)
        {
            return unconfirmed;
        }

        var refused = Refusal(pool, shopper, now);
        if (ShopperSync.Due(book, shopper, refusing: refused?.Outcome is "over_limit" or "not_registered"))
        {
            // Other servers may have registered the customer, given them units, or taken this key for them.
            var synced = await ShopperSync.Run(book, pool, shopper);
            if (!synced.IsSuccess)
            {
                return synced.Error;
            }

            if (shopper.Keys.TryGetValue(key!, out known) && known.Committed)
            {
                return Won(known, pool);
            }

            refused = Refusal(pool, shopper, now);
        }

        if (refused is not null)
        {
            return refused;
        }

        if (!pool.DrawCommitted && !await Draw(book, pool))
        {
            return Opening; // No place is given before the opening's draw is durable.
        }

        var position = await RoomPlaces.Of(book, pool, shopper);
        if (position > pool.Admitted)
        {
            if (!shopper.PositionStored)
            {
                var stored = await book.Writer.Write(batch => RoomPlaces.Store(batch, pool, shopper, now));
                if (!stored.IsSuccess)
                {
                    return stored.Error;
                }

                position = shopper.Position; // Several servers: the place another stored first, if one did.
            }

            if (position > pool.Admitted)
            {
                return Queued(pool, position);
            }
        }

        var answer = await book.Writer.Write(batch => Take(batch, pool, shopper, key!, now, book));
        if (!answer.IsSuccess && answer.Error.Code == KeyTaken.Code && (await ShopperSync.Run(book, pool, shopper)).IsSuccess
            && shopper.Keys.TryGetValue(key!, out var taken) && taken.Committed)
        {
            return Won(taken, pool); // A double click that reached two servers: the one claim, whichever wrote it.
        }

        if (!answer.IsSuccess)
        {
            // A claim that lost on the writer failed as a write, so nothing of it stays; to the customer it is an answer.
            var lost = answer.Error.Code.StartsWith(LostPrefix, StringComparison.Ordinal) ? new ClaimAnswer(answer.Error.Code[LostPrefix.Length..], answer.Error.Message) : null;

            // The database may know the customer otherwise: a key another server took first, units won there.
            shopper.Stale = book.Shared && lost?.Outcome is null or "over_limit";
            return lost is null ? answer.Error : lost;
        }

        if (answer.Value.Claim is { } id && pool.Claim(id) is { } won)
        {
            won.Committed = true;
        }

        return answer;
    }

    /// <summary>What a customer who has no unit coming is told, from memory; null when the claim may win.</summary>
    private static ClaimAnswer? Refusal(SalePool pool, Shopper shopper, Instant now)
    {
        if (now < pool.Sale.OpensAt)
        {
            return new ClaimAnswer("not_open", $"The sale opens on {LocalDay(pool, pool.Sale.OpensAt)}.");
        }

        if (now >= pool.Sale.ClosesAt)
        {
            return new ClaimAnswer("closed", $"The sale closed on {LocalDay(pool, pool.Sale.ClosesAt)}.");
        }

        if (pool.RequiresRegistration && !shopper.Registered)
        {
            return new ClaimAnswer("not_registered", "Only customers who registered before the deadline may claim in this sale.");
        }

        if (shopper.Active >= pool.Sale.PerCustomerLimit)
        {
            return OverLimit(pool);
        }

        return pool.Available <= 0 ? SoldOut : null;
    }

    /// <summary>On the writer: checks again, takes the unit and writes the claim.</summary>
    private static async Task<Result<ClaimAnswer>> Take(Batch batch, SalePool pool, Shopper shopper, string key, Instant now, LaunchBook book)
    {
        if (pool.Replaced)
        {
            return LaunchBook.Reloaded;
        }

        if (shopper.Keys.TryGetValue(key, out var known))
        {
            return Won(known, pool); // The same key again (a double click): the one claim, answered after its commit.
        }

        if (Refusal(pool, shopper, now) is { } refused)
        {
            return Lost(refused);
        }

        if ((pool.Left <= 0 || pool.LeaseEpoch == 0) && !await SaleEscrow.Lease(batch, pool, book))
        {
            return Lost(SoldOut); // Nothing left to lease: what other servers hold comes back within the hand-back interval.
        }

        if (!batch.Speculating)
        {
            await batch.Savepoint(); // Run on the spot, a fenced use that fails must leave nothing of this write.
        }

        var sale = pool.Sale.Code.Value;
        if (await LeaseRows.Use(batch, sale, pool.LeaseEpoch, 1) != 1)
        {
            pool.LeaseLost(); // Reaped while this server did not renew it (a stall): its units went back to the sale.
            return LeaseLost;
        }

        if (book.Shared && await EntryRows.Count(batch, sale, shopper.Id, now, shopper.Position, pool.Sale.PerCustomerLimit) != 1)
        {
            return Lost(OverLimit(pool)); // Their other units were won on other servers; memory reads them before the next answer.
        }

        var claim = new WonClaim(Guid.CreateVersion7(), shopper, key, shopper.Position, now, now + Duration.FromMinutes(pool.Sale.HoldMinutes));
        pool.Won(batch, claim);
        if (await ClaimRows.Insert(batch, claim.Id, sale, shopper.Id, key!, claim.Position, now, claim.PayBy) != 1)
        {
            return KeyTaken; // Another server won this key for the customer a moment ago; nothing of this write stays.
        }

        if (!shopper.PositionStored)
        {
            shopper.PositionSaved(batch); // The claim's row keeps the place (read back at a restart).
        }

        return Won(claim, pool);
    }

    /// <summary>
    /// The opening's draw, once: a seed from a cryptographic generator orders the customers who joined the waiting room
    /// before it, and is stored, so the order is the same after a restart. Answered once it is durable.
    /// </summary>
    internal static async Task<bool> Draw(LaunchBook book, SalePool pool)
    {
        var drawn = await book.Writer.Write<bool>(async batch =>
        {
            if (pool.Replaced)
            {
                return LaunchBook.Reloaded;
            }

            if (pool.Seed is null)
            {
                var sale = pool.Sale.Code.Value;
                var now = book.Clock.Now();
                var (seed, first) = await FlashSaleRows.DrawSeed(batch, sale, Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
                if (!pool.Shared)
                {
                    pool.Draw(batch, Convert.FromHexString(seed), now);
                    await SaveAdmission(batch, pool);
                    return true;
                }

                // Several servers: the seed's update waited for every early join in flight (they lock the sale's row for
                // share), so every server reads the same early joiners here and shuffles them the same way.
                pool.JoinedAtOpening(batch, await EntryRows.Early(batch, sale, pool.Sale.OpensAt));
                if (first)
                {
                    pool.Draw(batch, Convert.FromHexString(seed), now);
                    await SaveAdmission(batch, pool);
                    var (customers, places) = pool.EarlyPlaces();
                    await EntryRows.PlaceEarly(batch, sale, customers, places, pool.Admitted, now);
                    await FlashSaleRows.StartPlaces(batch, sale, customers.Length);
                }
                else
                {
                    var (admitted, placed) = await FlashSaleRows.Room(batch, sale);
                    pool.Draw(batch, Convert.FromHexString(seed), now, admitted);
                    pool.PlacedTo(placed);
                }
            }

            return true;
        });
        if (drawn.IsSuccess)
        {
            pool.DrawIsDurable();
        }

        return drawn.IsSuccess;
    }

    /// <summary>Keeps how far the room has admitted, so a restart never takes a customer's turn back.</summary>
    internal static async Task SaveAdmission(Batch batch, SalePool pool)
    {
        var through = pool.Admitted;
        if (through > pool.SavedAdmitted)
        {
            await FlashSaleRows.SaveAdmission(batch, pool.Sale.Code.Value, through);
            pool.AdmissionSaved(batch, through);
        }
    }

    /// <summary>The opening's draw did not complete (the database failed): nobody gets a place until it does.</summary>
    internal static Error Opening => Error.Conflict("sale.opening", "The sale is opening; try again in a moment.");

    private const string LostPrefix = "claim.lost.";

    private static ClaimAnswer OverLimit(SalePool pool) => new("over_limit", $"You already have {pool.Sale.PerCustomerLimit} of this sale's {pool.Sale.PerCustomerLimit} per customer.");

    private static readonly ClaimAnswer SoldOut = new("sold_out", "Sold out: every unit is taken. Units whose winners do not pay in time come back.");

    /// <summary>The customer's key was taken on another server while this one tried it: answered from the database.</summary>
    private static Error KeyTaken => Error.Conflict("sale.key_taken", "This Idempotency-Key was just used on another server; try again with the same key.");

    /// <summary>This server's block was reaped before the claim was written: nothing was; a retry takes a new block.</summary>
    private static Error LeaseLost => Error.Conflict("sale.lease_lost", "This server lost its share of the sale for a moment; try again with the same key.");

    private static Error Lost(ClaimAnswer answer) => Error.Conflict(LostPrefix + answer.Outcome, answer.Message);

    internal static ClaimAnswer Queued(SalePool pool, long position) =>
        new("queued", $"You are number {position} in the waiting room; {position - pool.Admitted} before you still to be admitted. Keep this page open.", Position: position, Ahead: position - pool.Admitted);

    private static ClaimAnswer Won(WonClaim claim, SalePool pool) => claim.Status switch
    {
        ClaimStatus.Expired => new ClaimAnswer("expired", "You won a unit with this key but did not check it out in time; it went back on sale.", claim.Id, claim.PayBy.ToDateTimeOffset(), claim.Position),
        _ => new ClaimAnswer("won", $"You won one {pool.Sale.Sku}: check it out before {Local(pool, claim.PayBy)}.", claim.Id, claim.PayBy.ToDateTimeOffset(), claim.Position),
    };

    internal static Error NoSale(string sale) => Error.NotFound("sale.not_found", $"There is no flash sale '{sale}'.");

    /// <summary>A date and time of the market, for answers about another day ("2027-05-22 10:00 (Europe/Paris)").</summary>
    internal static string LocalDay(SalePool pool, Instant at) => at.InZone(pool.Zone).ToString("uuuu'-'MM'-'dd HH':'mm", System.Globalization.CultureInfo.InvariantCulture) + $" ({pool.Zone.Id})";

    /// <summary>A time of day of the market, for answers about the next minutes ("10:15:00 (Europe/Paris)").</summary>
    internal static string Local(SalePool pool, Instant at) => at.InZone(pool.Zone).ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + $" ({pool.Zone.Id})";
}
