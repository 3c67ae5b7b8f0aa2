using Rollout.Storage;

namespace Rollout.Orders;

/// <summary>
/// How a cart is written inside a group commit: one plain statement per change, naming only the columns it
/// changes. The lines and the address are JSON in the shape EF Core reads them back (property names as in the
/// classes, in order), so a cart read from the database after a restart is the cart that was written.
/// </summary>
internal static class CartRows
{
    public static Task Insert(Batch batch, Cart cart) =>
        batch.Later(
            """INSERT INTO carts ("Id", "Market", "Channel", "CustomerId", "Email", "Lines", "Address", "ShippingMethod", "PickupStore", "OrderId", "CreatedAt") VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10)""",
            cart.Id, cart.Market.Value, cart.Channel.Value, cart.CustomerId, cart.Email, Lines(cart), Address(cart), cart.ShippingMethod?.Value, cart.PickupStore?.Value, cart.OrderId, cart.CreatedAt);

    public static Task SaveLines(Batch batch, Cart cart) =>
        batch.Later("""UPDATE carts SET "Lines" = @p1 WHERE "Id" = @p0""", cart.Id, Lines(cart));

    public static Task SaveAddress(Batch batch, Cart cart) =>
        batch.Later("""UPDATE carts SET "Email" = @p1, "Address" = @p2 WHERE "Id" = @p0""", cart.Id, cart.Email, Address(cart));

    public static Task SaveShipping(Batch batch, Cart cart) =>
        batch.Later("""UPDATE carts SET "ShippingMethod" = @p1, "PickupStore" = @p2 WHERE "Id" = @p0""", cart.Id, cart.ShippingMethod?.Value, cart.PickupStore?.Value);

    public static Task SaveOrder(Batch batch, Cart cart) =>
        batch.Later("""UPDATE carts SET "OrderId" = @p1 WHERE "Id" = @p0""", cart.Id, cart.OrderId);

    public static Task SaveCustomer(Batch batch, Cart cart) =>
        batch.Later("""UPDATE carts SET "CustomerId" = @p1 WHERE "Id" = @p0""", cart.Id, cart.CustomerId);

    private static JsonText Lines(Cart cart) => JsonText.Of(writer =>
    {
        writer.WriteStartArray();
        foreach (var line in cart.Lines)
        {
            writer.WriteStartObject();
            writer.WriteNumber("Quantity", line.Quantity);
            writer.WriteString("Sku", line.Sku.Value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    private static JsonText? Address(Cart cart) => OrderRows.Address(cart.Address);
}
