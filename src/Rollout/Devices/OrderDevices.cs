using Microsoft.EntityFrameworkCore;
using Rollout.Orders;
using Rollout.Storage;

namespace Rollout.Devices;

/// <summary>
/// An order's steps that make devices: shipping it records each unit that left (its IMEIs or serial), owned by the
/// order's customer; delivering it starts their warranty. Each is one transaction with the order's own step.
/// </summary>
public static class OrderDevices
{
    public static Task<Result<OrderResponse>> Ship(Guid id, ShipOrderRequest request, string by, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
        Transactions.Run<OrderResponse>(db, async () =>
        {
            var shipped = await ProgressOrder.Ship(id, request, by, db, clock, ct);
            if (!shipped.IsSuccess)
            {
                return shipped;
            }

            var order = await db.Orders.AsNoTracking().FirstAsync(o => o.Id == id, ct);
            var lines = order.Lines.Select(l => new DeviceUnits.Line(l.Sku, l.Quantity)).ToList();
            var sale = new DeviceUnits.Sale(order.Market, order.Channel, DeviceSource.Order, order.Id, order.CustomerId);
            var devices = await DeviceUnits.Record(lines, request.Units, sale, db, clock.Now(), ct);
            if (!devices.IsSuccess)
            {
                return devices.Error;
            }

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                return Error.Conflict("device.taken", "An IMEI or serial of this parcel became another device's meanwhile; check the units and ship again.");
            }

            return shipped;
        }, ct);

    public static Task<Result<OrderResponse>> Deliver(Guid id, string by, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
        Transactions.Run<OrderResponse>(db, async () =>
        {
            var delivered = await ProgressOrder.Deliver(id, by, db, clock, ct);
            if (delivered.IsSuccess && await db.Orders.AsNoTracking().Where(o => o.Id == id).Select(o => o.DeliveredAt).FirstAsync(ct) is { } at)
            {
                await db.Devices.Where(d => d.ShippedBy == id && d.WarrantyStartsAt == null)
                    .ExecuteUpdateAsync(set => set.SetProperty(d => d.WarrantyStartsAt, at), ct);
            }

            return delivered;
        }, ct);
}
