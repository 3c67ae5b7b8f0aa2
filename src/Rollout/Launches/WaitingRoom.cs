using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Inventory;

namespace Rollout.Launches;

/// <summary>
/// Where a customer stands in a sale: registered or not, their place in the waiting room (none before the opening's
/// draw), whether they are admitted to claim, how many are ahead, and the units left.
/// </summary>
public sealed record RoomResponse(
    string Sale,
    string State,
    bool Registered,
    bool RegistrationRequired,
    DateTimeOffset? RegistrationDeadline,
    bool EmailConfirmationRequired,
    bool InRoom,
    long? Position,
    bool Admitted,
    long? Ahead,
    int UnitsLeft,
    int Units,
    long QueueLength,
    DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt,
    string Message);

public sealed record RegistrationResponse(string Sale, bool Registered, DateTimeOffset RegisteredAt);

/// <summary>
/// The waiting room and pre-registration of a flash sale. Joining before the opening puts the customer among those the
/// opening's draw orders at random (so arriving early earns nothing over arriving on time); joining later places them
/// after everybody placed. The room admits as many customers as can still win; the others are queued with their place,
/// which only moves forward.
/// </summary>
public static class WaitingRoom
{
    /// <summary>The sale's state now: upcoming, open, sold_out or closed.</summary>
    internal static string State(SalePool pool, Instant now) =>
        now < pool.Sale.OpensAt ? "upcoming" : now >= pool.Sale.ClosesAt ? "closed" : pool.Available <= 0 ? "sold_out" : "open";

    /// <summary>Joins the room; <paramref name="emailConfirmed"/> when the caller's ticket says their e-mail address is confirmed (a sale may require it).</summary>
    public static async Task<Result<RoomResponse>> Join(string sale, string customer, LaunchBook book, bool emailConfirmed = false)
    {
        if (await book.Pool(sale) is not { } pool)
        {
            return ClaimUnit.NoSale(sale);
        }

        var now = book.Clock.Now();
        if (now >= pool.Sale.ClosesAt)
        {
            return Error.Conflict("sale.closed", $"The sale closed on {ClaimUnit.LocalDay(pool, pool.Sale.ClosesAt)}.");
        }

        var shopper = pool.ShopperOf(customer);
        if (await ConfirmedEmail.Refusal(pool, shopper, emailConfirmed, book) is { } unconfirmed)
        {
            return unconfirmed;
        }

        if (pool.RequiresRegistration && !shopper.Registered && ShopperSync.Due(book, shopper, refusing: true) && await ShopperSync.Run(book, pool, shopper) is { IsSuccess: false } unread)
        {
            return unread.Error; // Registered through another server, perhaps: read before refusing.
        }

        if (pool.RequiresRegistration && !shopper.Registered)
        {
            return Error.Conflict("sale.not_registered", "Only customers who registered before the deadline may wait for this sale.");
        }

        if (now < pool.Sale.OpensAt && !shopper.Early)
        {
            var joined = await book.Writer.Write<bool>(async batch =>
            {
                if (pool.Replaced)
                {
                    return LaunchBook.Reloaded;
                }

                if (shopper.PositionStored || shopper.Early)
                {
                    return true;
                }

                if (pool.Seed is null)
                {
                    if (!pool.Shared)
                    {
                        await EntryRows.Insert(batch, pool.Sale.Code.Value, customer, now, null);
                    }
                    else if (await EntryRows.JoinEarly(batch, pool.Sale.Code.Value, customer, now) == 0)
                    {
                        return ClaimUnit.Opening; // Another server drew the opening first (its clock is ahead): a place after the draw, in a moment.
                    }

                    pool.JoinedEarly(batch, shopper);
                }

                return true;
            });
            if (!joined.IsSuccess)
            {
                return joined.Error;
            }
        }

        return await Status(pool, shopper, book, now, join: true);
    }

    public static async Task<Result<RoomResponse>> Mine(string sale, string customer, LaunchBook book)
    {
        if (await book.Pool(sale) is not { } pool)
        {
            return ClaimUnit.NoSale(sale);
        }

        var now = book.Clock.Now();
        var shopper = pool.Shared ? pool.ShopperOf(customer) : pool.Known(customer) ?? new Shopper(customer);
        await RoomPlaces.Known(book, pool, shopper); // Several servers: placed by another, or waiting for the draw there.
        return await Status(pool, shopper, book, now, join: false);
    }

    private static async Task<Result<RoomResponse>> Status(SalePool pool, Shopper shopper, LaunchBook book, Instant now, bool join)
    {
        var state = State(pool, now);
        long? position = null;
        if (state is "open" or "sold_out" && (join || shopper.Position > 0 || shopper.Early))
        {
            if (!pool.DrawCommitted && !await ClaimUnit.Draw(book, pool))
            {
                return ClaimUnit.Opening;
            }

            if (shopper.Position > 0 || join)
            {
                position = await RoomPlaces.Of(book, pool, shopper);
                if (!shopper.PositionStored && (join || position > pool.Admitted))
                {
                    var stored = await book.Writer.Write(batch => RoomPlaces.Store(batch, pool, shopper, now));
                    if (!stored.IsSuccess)
                    {
                        return stored.Error;
                    }

                    position = shopper.Position; // Several servers: the place another stored first, if one did.
                }
            }
        }

        var admitted = position is { } p && p <= pool.Admitted;
        var inRoom = shopper.Early || shopper.PositionStored || position is not null;
        var message = state switch
        {
            "upcoming" when shopper.Early => $"You are in the waiting room. At the opening, {ClaimUnit.LocalDay(pool, pool.Sale.OpensAt)}, everyone waiting is put in a random order; arriving earlier earns nothing.",
            "upcoming" => $"The sale opens on {ClaimUnit.LocalDay(pool, pool.Sale.OpensAt)}. Join the waiting room before then to be in the opening draw.",
            "closed" => $"The sale closed on {ClaimUnit.LocalDay(pool, pool.Sale.ClosesAt)}.",
            "sold_out" when position is { } waiting => $"Sold out for now: units whose winners do not check out in time come back, to the room in order. You are number {waiting}.",
            "sold_out" => "Sold out: every unit is taken. Units whose winners do not check out in time come back.",
            _ when admitted => "It is your turn: claim your unit now.",
            _ when position is { } at => ClaimUnit.Queued(pool, at).Message,
            _ => "The sale is open: join the waiting room to get your place.",
        };
        var sale = pool.Sale;
        return new RoomResponse(
            sale.Code.Value, state, shopper.Registered, pool.RequiresRegistration, sale.RegistrationDeadline?.ToDateTimeOffset(), sale.RequiresConfirmedEmail, inRoom, position, admitted,
            position is { } q && !admitted ? q - pool.Admitted : null, Math.Max(0, pool.UnitsLeft), sale.Units, pool.QueueLength,
            sale.OpensAt.ToDateTimeOffset(), sale.ClosesAt.ToDateTimeOffset(), message);
    }

    /// <summary>
    /// Registers the customer for the sale, before its registration deadline (or, without one, before it opens);
    /// <paramref name="emailConfirmed"/> when the caller's ticket says their e-mail address is confirmed (a sale may require it).
    /// </summary>
    public static async Task<Result<RegistrationResponse>> Register(string sale, string customer, LaunchBook book, bool emailConfirmed = false)
    {
        if (await book.Pool(sale) is not { } pool)
        {
            return ClaimUnit.NoSale(sale);
        }

        var now = book.Clock.Now();
        var deadline = pool.Sale.RegistrationDeadline ?? pool.Sale.OpensAt;
        var shopper = pool.ShopperOf(customer);
        if (shopper.Registered)
        {
            return new RegistrationResponse(pool.Sale.Code.Value, true, now.ToDateTimeOffset());
        }

        if (now >= deadline)
        {
            return Error.Conflict("sale.registration_closed", $"Registration for this sale closed on {ClaimUnit.LocalDay(pool, deadline)}.");
        }

        if (await ConfirmedEmail.Refusal(pool, shopper, emailConfirmed, book) is { } unconfirmed)
        {
            return unconfirmed;
        }

        var written = await book.Writer.Write<bool>(async batch =>
        {
            if (pool.Replaced)
            {
                return LaunchBook.Reloaded;
            }

            if (!shopper.Registered)
            {
                // Another server may have registered the customer first: theirs stands.
                await batch.Later("""INSERT INTO sale_registrations ("Sale", "CustomerId", "RegisteredAt") VALUES (@p0, @p1, @p2) ON CONFLICT DO NOTHING""", pool.Sale.Code.Value, customer, now);
                pool.Register(batch, shopper);
            }

            return true;
        });
        return written.IsSuccess ? new RegistrationResponse(pool.Sale.Code.Value, true, now.ToDateTimeOffset()) : written.Error;
    }

    /// <summary>
    /// Once a second: draws the openings that are due, ends the won claims whose time to pay is over (their units go
    /// back to the sale and the room admits the next customers), and moves the room past admitted customers whose
    /// turn ran out.
    /// </summary>
    public static async Task Tick(LaunchBook book)
    {
        var now = book.Clock.Now();
        foreach (var code in book.LoadedCodes)
        {
            if (await book.Pool(code) is not { } pool)
            {
                continue;
            }

            // Claims other servers won (one that died, say) are due here too: any server ends them, once.
            var elsewhere = book.Shared ? await DueElsewhere(book, pool, now) : [];
            if (elsewhere.Count == 0 && !pool.NeedsTick(now))
            {
                continue;
            }

            if (now >= pool.Sale.OpensAt && !pool.DrawCommitted)
            {
                await ClaimUnit.Draw(book, pool);
            }

            await book.Writer.Write<bool>(async batch =>
            {
                var sale = pool.Sale.Code.Value;
                if (pool.Replaced)
                {
                    return true;
                }

                foreach (var c in elsewhere)
                {
                    pool.Learn(pool.ShopperOf(c.CustomerId), c.Id, c.Key, c.Status, c.Position, c.ClaimedAt, c.PayBy, c.OrderId);
                }

                foreach (var claim in pool.Due(now))
                {
                    var status = claim.Status;
                    if (status == ClaimStatus.Ordered)
                    {
                        var unpaid = CancelUnpaid(batch, pool, claim, now);
                        if (unpaid == Unpaid.Wait)
                        {
                            continue; // Its card may still confirm (a grace after the time to pay), or its order is not written yet.
                        }

                        if (unpaid == Unpaid.Paid)
                        {
                            pool.NoLongerDue(batch, claim); // Paid in time (or no longer cancellable): the unit is sold for good.
                            continue;
                        }
                    }

                    // At once, not with the later statements: a claim after this one in the batch, run on the spot when the
                    // batch is run again without guessing, must find the unit given back. Only from the state memory knows.
                    if (await ClaimRows.Expire(batch, claim.Id, status))
                    {
                        await FlashSaleRows.Unlease(batch, sale, 1); // Back to the sale's common pool (the claim's block has moved on).
                        if (book.Shared)
                        {
                            await EntryRows.Uncount(batch, sale, claim.Shopper.Id);
                        }

                        await (status == ClaimStatus.Ordered ? AllocationRows.Unsell(batch, pool.Allocation, 1) : AllocationRows.Release(batch, pool.Allocation, 1));
                        batch.UnitsGivenBack = true;
                        pool.Expired(batch, claim);
                    }
                    else
                    {
                        pool.NoLongerDue(batch, claim); // The database has it otherwise (never, with one writer): trust it.
                    }
                }

                if (pool.Shared)
                {
                    return true; // Several servers: admission is the shared room's (SharedRoom), not this server's counts.
                }

                if (pool.DrawCommitted)
                {
                    pool.PassIdle(now);
                }

                await ClaimUnit.SaveAdmission(batch, pool); // Whatever moved admission on (the draw, a unit back, a turn passed).

                return true;
            });
        }
    }

    /// <summary>The sale's won claims whose time to pay is over that this server does not know as won (several servers).</summary>
    private static async Task<List<SaleClaim>> DueElsewhere(LaunchBook book, SalePool pool, Instant now)
    {
        await using var scope = book.Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Rollout.Storage.RolloutDb>();
        var due = await db.SaleClaims.AsNoTracking().Where(c => c.Sale == pool.Sale.Code && c.Status == ClaimStatus.Won && c.PayBy <= now).ToListAsync();
        return [.. due.Where(c => pool.Claim(c.Id)?.Status != ClaimStatus.Won)];
    }

    /// <summary>How long after a claim's time to pay its order's card payment may still confirm before the order is cancelled.</summary>
    public static readonly Duration PaymentGrace = Duration.FromMinutes(5);

    private enum Unpaid
    {
        Cancelled,
        Paid,
        Wait,
    }

    /// <summary>
    /// A claim's order still unpaid a grace after the claim's time to pay: cancelled (by the writer, in the tick's batch,
    /// saved with it), so its unit goes back to the sale. Paid when the order was paid meanwhile or can no longer be
    /// cancelled; wait during the grace, or while the order is not written yet (its checkout shares this batch).
    /// </summary>
    private static Unpaid CancelUnpaid(Rollout.Storage.Batch batch, SalePool pool, WonClaim claim, Instant now)
    {
        if (now < claim.PayBy + PaymentGrace)
        {
            return Unpaid.Wait;
        }

        var order = claim.OrderId is { } id ? batch.Db.Orders.FirstOrDefault(o => o.Id == id) : null;
        if (order is null)
        {
            return Unpaid.Wait;
        }

        if (order.Status != Orders.OrderStatus.Placed || order.PaidAt is not null)
        {
            return Unpaid.Paid;
        }

        return order.Cancel("launch", now, $"not paid by {ClaimUnit.Local(pool, claim.PayBy)}, the flash sale's time to pay").IsSuccess ? Unpaid.Cancelled : Unpaid.Paid;
    }
}
