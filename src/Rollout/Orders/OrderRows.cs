using Rollout.Storage;

namespace Rollout.Orders;

/// <summary>
/// The one place that writes the orders table with statements of its own, inside a group commit (EF Core's change
/// tracker cost the one writer a fifth of its time); elsewhere orders change through EF Core's mapping. Table, columns
/// and the JSON of the lines, transitions, address and refunds all come from that mapping (<see cref="MappedTable{T}"/>),
/// so the row written is the row EF Core reads back, on either database, whatever columns the mapping gains.
/// </summary>
internal static class OrderRows
{
    private static readonly string[] Payment = [nameof(Order.Status), nameof(Order.PaidAt), nameof(Order.Transitions), nameof(Order.Version)];

    /// <summary>Inserts a new order, every mapped column, with the batch's later statements.</summary>
    public static Task Insert(Batch batch, Order o)
    {
        var orders = MappedTable<Order>.Of(batch);
        return batch.Later(orders.Insert, orders.Values(o));
    }

    /// <summary>
    /// Writes a payment's effect on an order (its status, payment time, history and version), guessed to apply: only
    /// while the order is still at <paramref name="version"/>, so a copy someone changed meanwhile is never written back.
    /// </summary>
    public static Task<int> SavePayment(Batch batch, Order o, int version)
    {
        var orders = MappedTable<Order>.Of(batch);
        return batch.Expect(
            1,
            orders.Sql(nameof(SavePayment), static t => t.Update(nameof(Order.Id), Payment, $"{t[nameof(Order.Version)]} = @p{Payment.Length + 1}")),
            [o.Id, .. Payment.Select(p => orders.Of(p).Read(o)), version]);
    }
}
