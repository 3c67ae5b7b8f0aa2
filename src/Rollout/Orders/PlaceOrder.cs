using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Channels;
using Rollout.Inventory;
using Rollout.Markets;
using Rollout.Pricing;
using Rollout.Storage;

namespace Rollout.Orders;

public sealed record OrderLineRequest(string? Sku, int? Quantity);

/// <summary>A guest checkout: what to buy, in which market and channel, and where to write.</summary>
public sealed record PlaceOrderRequest(string? Market, string? Channel, string? Email, OrderLineRequest[]? Lines);

public sealed record OrderLineResponse(string Sku, int Quantity, decimal UnitPrice, decimal VatRate, decimal Net, decimal Vat, decimal Total);

public sealed record OrderTransitionResponse(string From, string To, string By, DateTimeOffset At, string Note);

public sealed record OrderResponse(
    Guid Id,
    string Number,
    string Status,
    string Market,
    string Channel,
    string Currency,
    string Email,
    IReadOnlyList<OrderLineResponse> Lines,
    decimal Net,
    decimal Vat,
    decimal Total,
    DateTimeOffset PlacedAt,
    string? Carrier,
    string? TrackingNumber,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? WithdrawalDeadline,
    DateTimeOffset? WithdrawalRequestedAt,
    IReadOnlyList<OrderTransitionResponse> Transitions);

/// <summary>
/// Places an order in one transaction: every line listed and priced now, and its units sold from the channel's
/// allocation or the pool by a conditional update, so the last unit is never sold twice. Retried with the same
/// Idempotency-Key and body it answers the same order; with another body it is refused.
/// </summary>
public static class PlaceOrder
{
    private static readonly Duration Abandoned = Duration.FromMinutes(1);

    public static async Task<Result<OrderResponse>> Handle(PlaceOrderRequest request, string? key, RolloutDb db, TimeProvider clock, CancellationToken ct, Cart? cart = null)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200)
        {
            return Error.Invalid("Idempotency-Key", "idempotency.key", "Send an Idempotency-Key header (1-200 characters), the same on every retry of this order.");
        }

        var now = clock.Now();
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request))));
        IdempotentRequest? seen = null;
        var claimedKey = false;
        for (var attempt = 0; attempt < 3 && seen is null && !claimedKey; attempt++)
        {
            var claimed = await db.Database.ExecuteSqlInterpolatedAsync(
                $"""INSERT INTO idempotent_requests ("Key", "RequestHash", "OrderId", "CreatedAt") VALUES ({key}, {hash}, NULL, {now.ToDateTimeUtc()}) ON CONFLICT ("Key") DO NOTHING""",
                ct);
            claimedKey = claimed == 1;
            if (claimedKey)
            {
                break;
            }

            // Taken; but the first attempt may have been refused and forgotten since, so the key may be free again.
            seen = await db.IdempotentRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Key == key, ct);
        }

        if (!claimedKey && seen is null)
        {
            return Error.Conflict("idempotency.in_progress", "Requests with this Idempotency-Key are racing; retry in a moment.");
        }

        if (seen is not null)
        {
            if (seen.RequestHash != hash)
            {
                return new Error(ErrorKind.Unprocessable, "idempotency.mismatch", "This Idempotency-Key was first used with another request; use a new key for a new order.", new Dictionary<string, string[]>());
            }

            if (seen.OrderId is { } placed)
            {
                return (await db.Orders.AsNoTracking().FirstAsync(o => o.Id == placed, ct)).ToResponse();
            }

            var cutoff = now - Abandoned;
            var takenOver = await db.IdempotentRequests.Where(r => r.Key == key && r.OrderId == null && r.CreatedAt < cutoff)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, now), ct);
            if (takenOver == 0)
            {
                return Error.Conflict("idempotency.in_progress", "The first request with this Idempotency-Key is still being processed; retry in a moment.");
            }
        }

        var placedOrder = await StockLedger.InTransaction<OrderResponse>(db, () => Place(request, key, cart, db, now, ct), ct);
        if (!placedOrder.IsSuccess)
        {
            // A refusal is not remembered: once stock comes back, the same key may succeed.
            await db.IdempotentRequests.Where(r => r.Key == key && r.OrderId == null).ExecuteDeleteAsync(ct);
        }

        return placedOrder;
    }

    private static async Task<Result<OrderResponse>> Place(PlaceOrderRequest request, string key, Cart? cart, RolloutDb db, Instant now, CancellationToken ct)
    {
        var validator = new Validator();
        var market = validator.Field("market", await GetMarkets.Find(request.Market, db, ct));
        var channel = validator.Field("channel", await GetChannels.Find(request.Channel, db, ct));
        validator.Require(System.Net.Mail.MailAddress.TryCreate(request.Email, out var mail) && mail.Address == request.Email, "email", "An order needs the buyer's e-mail address.");
        var lines = request.Lines ?? [];
        validator.Require(lines.Length is >= 1 and <= 20, "lines", "An order has 1 to 20 lines.");
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        validator.Require(market.IsOpenAt(now), "market", $"{market.Name} is not open.");
        validator.Require(channel.SellsIn(market.Code) && channel.Kind != ChannelKind.Partner, "channel", $"'{channel.Code}' does not sell to shoppers in {market.Code}.");
        var locations = (await db.StockLocations.AsNoTracking().ToListAsync(ct)).Where(l => l.Serves.Contains(market.Code)).Select(l => l.Code).ToList();
        var priced = new List<OrderLine>();
        for (var i = 0; i < lines.Length; i++)
        {
            var field = $"lines[{i}]";
            var variant = validator.Field($"{field}.sku", await GetProducts.FindVariant(lines[i].Sku, db, ct));
            validator.Require(lines[i].Quantity is >= 1 and <= 10, $"{field}.quantity", "Buy 1 to 10 of a variant.");
            if (variant is null || !validator.IsValid)
            {
                continue;
            }

            var listing = await db.Listings.AsNoTracking().FirstOrDefaultAsync(l => l.Sku == variant.Sku && l.Market == market.Code && l.Channel == channel.Code, ct);
            if (listing is null || !listing.IsSellableAt(now, market, channel, variant))
            {
                validator.Add($"{field}.sku", $"{variant.Sku} is not on sale in {market.Code} through '{channel.Code}'.");
                continue;
            }

            var price = (await PricingData.Timeline(db, variant.Sku, market.Code, channel.Code, ct)).InForceAt(now);
            if (price is null)
            {
                validator.Add($"{field}.sku", $"{variant.Sku} has no price in {market.Code} now.");
                continue;
            }

            var quantity = lines[i].Quantity!.Value;
            var source = cart is null ? null : await ConvertHold(db, cart.Holder, variant.Sku, quantity, now, ct);
            source ??= await Sell(db, variant.Sku, channel.Code, locations, quantity, ct);
            if (source is not { } taken)
            {
                return Error.Conflict("stock.sold_out", $"{variant.Sku} is sold out in {market.Code}.");
            }

            var breakdown = PriceBreakdown.Of(price.Amount * quantity, price.Basis, market.VatRate);
            priced.Add(new OrderLine(variant.Sku, quantity, price.AmountMinorUnits, market.VatRate.Value, breakdown.Net.MinorUnits, breakdown.Vat.MinorUnits, breakdown.Gross.MinorUnits, taken.Location, taken.Allocation));
        }

        if (validator.ToError() is { } wrong)
        {
            return wrong;
        }

        var order = Order.Place(market.Code, channel.Code, market.Currency, request.Email!, priced, now);
        db.Orders.Add(order);
        await db.SaveChangesAsync(ct);
        if (cart is not null && await db.Carts.Where(c => c.Id == cart.Id && c.OrderId == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.OrderId, order.Id), ct) == 0)
        {
            return Error.Conflict("cart.checked_out", "This cart has already become an order.");
        }

        await db.IdempotentRequests.Where(r => r.Key == key).ExecuteUpdateAsync(s => s.SetProperty(r => r.OrderId, order.Id), ct);
        return order.ToResponse();
    }

    /// <summary>
    /// Turns the cart's own live hold into a sale (the hold ends exactly once, as Sold); a hold that has run out is
    /// expired first, and the units are then sold afresh if any are left.
    /// </summary>
    private static async Task<(Slug Location, long? Allocation)?> ConvertHold(RolloutDb db, string holder, Sku sku, int quantity, Instant now, CancellationToken ct)
    {
        await ExpireReservations.Sweep(db, now, sku, ct);
        var hold = await db.Reservations.AsNoTracking().FirstOrDefaultAsync(r => r.Holder == holder && r.Sku == sku && r.Status == ReservationStatus.Held && r.Quantity == quantity, ct);
        if (hold is null || await db.Reservations.Where(r => r.Id == hold.Id && r.Status == ReservationStatus.Held)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReservationStatus.Sold), ct) == 0)
        {
            return null;
        }

        if (hold.AllocationId is { } allocation)
        {
            await db.Allocations.Where(a => a.Id == allocation)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Reserved, a => a.Reserved - quantity).SetProperty(a => a.Sold, a => a.Sold + quantity), ct);
        }
        else
        {
            await db.StockLevels.Where(l => l.Sku == sku && l.Location == hold.Location)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.PoolReserved, l => l.PoolReserved - quantity).SetProperty(l => l.PoolSold, l => l.PoolSold + quantity), ct);
        }

        return (hold.Location, hold.AllocationId);
    }

    /// <summary>Sells units from the channel's allocation at a location serving the market, else from a pool; null when none has them.</summary>
    private static async Task<(Slug Location, long? Allocation)?> Sell(RolloutDb db, Sku sku, Slug channel, IReadOnlyList<Slug> locations, int quantity, CancellationToken ct)
    {
        var allocations = await db.Allocations.AsNoTracking().Where(a => a.Sku == sku && a.Channel == channel && a.Quantity > 0).ToListAsync(ct);
        foreach (var allocation in allocations.Where(a => locations.Contains(a.Location)))
        {
            var sold = await db.Allocations.Where(a => a.Id == allocation.Id && a.Quantity >= a.Reserved + a.Sold + quantity)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Sold, a => a.Sold + quantity), ct);
            if (sold == 1)
            {
                return (allocation.Location, allocation.Id);
            }
        }

        if (allocations.Count > 0)
        {
            return null; // A channel with an allocation sells from it alone.
        }

        foreach (var location in locations)
        {
            var sold = await db.StockLevels.Where(l => l.Sku == sku && l.Location == location && l.OnHand >= l.Allocated + l.PoolReserved + l.PoolSold + quantity)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.PoolSold, l => l.PoolSold + quantity), ct);
            if (sold == 1)
            {
                return (location, null);
            }
        }

        return null;
    }

    public static OrderResponse ToResponse(this Order order)
    {
        decimal Amount(long minor) => Money.FromMinorUnits(minor, order.Currency).Amount;
        return new OrderResponse(order.Id, order.Number, order.Status.ToString().ToLowerInvariant(), order.Market.Value, order.Channel.Value, order.Currency.Value, order.Email,
            [.. order.Lines.Select(l => new OrderLineResponse(l.Sku.Value, l.Quantity, Amount(l.UnitMinorUnits), l.VatRate, Amount(l.NetMinorUnits), Amount(l.VatMinorUnits), Amount(l.TotalMinorUnits)))],
            Amount(order.NetMinorUnits), Amount(order.VatMinorUnits), Amount(order.TotalMinorUnits), order.PlacedAt.ToDateTimeOffset(),
            order.Carrier, order.TrackingNumber, order.DeliveredAt?.ToDateTimeOffset(),
            order.WithdrawalDeadline(EuropeanUnion.Includes(order.Market))?.ToDateTimeOffset(), order.WithdrawalRequestedAt?.ToDateTimeOffset(),
            [.. order.Transitions.Select(t => new OrderTransitionResponse(t.From.ToString().ToLowerInvariant(), t.To.ToString().ToLowerInvariant(), t.By, t.At.ToDateTimeOffset(), t.Note))]);
    }
}
