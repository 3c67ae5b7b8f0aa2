using Rollout.Storage;

namespace Rollout.Orders;

/// <summary>
/// The one place that writes the carts table, inside a group commit: one statement per change, naming only the columns
/// it changes. Table, columns and the JSON of the lines and the address come from EF Core's mapping
/// (<see cref="MappedTable{T}"/>), so a cart read back after a restart is the cart that was written.
/// </summary>
internal static class CartRows
{
    public static Task Insert(Batch batch, Cart cart)
    {
        var carts = MappedTable<Cart>.Of(batch);
        return batch.Later(carts.Insert, carts.Values(cart));
    }

    /// <summary>
    /// The first statement of every write of a cart: the row moves to <paramref name="changed"/>'s version only from
    /// the one before it, so a write from a copy another server has overtaken changes nothing; false when the row is at
    /// another version. Guessed to apply: it runs with the batch's later statements, in the same round trip, and locks
    /// the row until the commit. When it misses, the batch runs again without guessing, this statement first, on the
    /// spot, and the write is refused before it touches anything (<see cref="CartBook.Overtaken"/>).
    /// </summary>
    public static async Task<bool> Claim(Batch batch, Cart changed)
    {
        if (!batch.Speculating)
        {
            await batch.Savepoint(); // Run on the spot: a write refused after it (sold out) must not keep the new version.
        }

        return await batch.Expect(
            1,
            MappedTable<Cart>.Of(batch).Sql(nameof(Claim), static t => t.Update(nameof(Cart.Id), [nameof(Cart.Version)], $"{t[nameof(Cart.Version)]} = @p2")),
            changed.Id, changed.Version, changed.Version - 1) == 1;
    }

    public static Task SaveLines(Batch batch, Cart cart) => Save(batch, cart, nameof(SaveLines), nameof(Cart.Lines));

    public static Task SaveAddress(Batch batch, Cart cart) => Save(batch, cart, nameof(SaveAddress), nameof(Cart.Email), nameof(Cart.Address));

    public static Task SaveShipping(Batch batch, Cart cart) => Save(batch, cart, nameof(SaveShipping), nameof(Cart.ShippingMethod), nameof(Cart.PickupStore));

    public static Task SaveOrder(Batch batch, Cart cart) => Save(batch, cart, nameof(SaveOrder), nameof(Cart.OrderId));

    public static Task SaveCustomer(Batch batch, Cart cart) => Save(batch, cart, nameof(SaveCustomer), nameof(Cart.CustomerId));

    /// <summary>Writes <paramref name="properties"/> of the cart's row, with the statement kept as <paramref name="name"/>.</summary>
    private static Task Save(Batch batch, Cart cart, string name, params string[] properties)
    {
        var carts = MappedTable<Cart>.Of(batch);
        var values = new object?[properties.Length + 1];
        values[0] = cart.Id;
        for (var i = 0; i < properties.Length; i++)
        {
            values[i + 1] = carts.Of(properties[i]).Read(cart);
        }

        return batch.Later(carts.Sql(name, t => t.Update(nameof(Cart.Id), properties)), values);
    }
}
