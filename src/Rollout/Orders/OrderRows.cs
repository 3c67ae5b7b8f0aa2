using System.Globalization;
using System.Text.Json;
using NodaTime.Text;
using Rollout.Storage;

namespace Rollout.Orders;

/// <summary>
/// How an order is written inside a group commit: plain statements instead of EF Core's change tracking, which cost
/// the one writer a fifth of its time. The lines, transitions, address and refunds are JSON exactly as EF Core writes
/// them for each database (it stores instants and decimals differently in SQLite and PostgreSQL), so EF Core reads
/// back the order that was written; a test on both databases writes and pays an order this way and reads it back
/// through the API.
/// </summary>
internal static class OrderRows
{
    private static readonly InstantPattern PostgresInstant = InstantPattern.ExtendedIso;

    /// <summary>Inserts a new order with the batch's later statements.</summary>
    public static Task Insert(Batch batch, Order o) =>
        batch.Later(
            """
            INSERT INTO orders ("Id", "Number", "Market", "Channel", "Currency", "Email", "CustomerId", "Status", "Lines", "ShippingMethod", "ShippingName",
                "ShippingNetMinorUnits", "ShippingVatMinorUnits", "ShippingTotalMinorUnits", "Address", "PickupStore", "Payment", "PaymentReference",
                "PaymentInstructions", "PaymentConfirmedBy", "PaidAt", "RefundedMinorUnits", "Refunds", "NetMinorUnits", "VatMinorUnits", "TotalMinorUnits",
                "PlacedAt", "Transitions", "Carrier", "TrackingNumber", "DeliveredAt", "WithdrawalRequestedAt", "Version")
            VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15, @p16, @p17, @p18, @p19, @p20, @p21, @p22, @p23, @p24,
                @p25, @p26, @p27, @p28, @p29, @p30, @p31, @p32)
            """,
            o.Id, o.Number, o.Market.Value, o.Channel.Value, o.Currency.Value, o.Email, o.CustomerId, o.Status.ToString(), Lines(batch, o), o.ShippingMethod.Value, o.ShippingName,
            o.ShippingNetMinorUnits, o.ShippingVatMinorUnits, o.ShippingTotalMinorUnits, Address(o.Address), o.PickupStore?.Value, o.Payment, o.PaymentReference,
            o.PaymentInstructions, o.PaymentConfirmedBy.ToString(), o.PaidAt, o.RefundedMinorUnits, Refunds(batch, o), o.NetMinorUnits, o.VatMinorUnits, o.TotalMinorUnits,
            o.PlacedAt, Transitions(batch, o), o.Carrier, o.TrackingNumber, o.DeliveredAt, o.WithdrawalRequestedAt, o.Version);

    /// <summary>
    /// Writes a payment's effect on an order (its status, payment time, history and version), guessed to apply: only
    /// while the order is still at <paramref name="version"/>, so a copy someone changed meanwhile is never written back.
    /// </summary>
    public static Task<int> SavePayment(Batch batch, Order o, int version) =>
        batch.Expect(
            1,
            """UPDATE orders SET "Status" = @p1, "PaidAt" = @p2, "Transitions" = @p3, "Version" = @p4 WHERE "Id" = @p0 AND "Version" = @p5""",
            o.Id, o.Status.ToString(), o.PaidAt, Transitions(batch, o), o.Version, version);

    public static JsonText? Address(ShippingAddress? address) => address is null ? null : JsonText.Of(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("City", address.City);
        writer.WriteString("Country", address.Country.Value);
        writer.WriteString("Line1", address.Line1);
        writer.WriteString("Line2", address.Line2);
        writer.WriteString("Name", address.Name);
        writer.WriteString("PostalCode", address.PostalCode);
        writer.WriteEndObject();
    });

    private static JsonText Lines(Batch batch, Order o) => JsonText.Of(writer =>
    {
        writer.WriteStartArray();
        foreach (var line in o.Lines)
        {
            writer.WriteStartObject();
            if (line.AllocationId is { } allocation)
            {
                writer.WriteNumber("AllocationId", allocation);
            }
            else
            {
                writer.WriteNull("AllocationId");
            }

            writer.WriteString("Location", line.Location.Value);
            writer.WriteString("Name", line.Name);
            writer.WriteNumber("NetMinorUnits", line.NetMinorUnits);
            writer.WriteNumber("Quantity", line.Quantity);
            writer.WriteString("Sku", line.Sku.Value);
            writer.WriteNumber("TotalMinorUnits", line.TotalMinorUnits);
            writer.WriteNumber("UnitMinorUnits", line.UnitMinorUnits);
            writer.WriteNumber("VatMinorUnits", line.VatMinorUnits);
            Decimal(batch, writer, "VatRate", line.VatRate);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    private static JsonText Transitions(Batch batch, Order o) => JsonText.Of(writer =>
    {
        writer.WriteStartArray();
        foreach (var step in o.Transitions)
        {
            writer.WriteStartObject();
            Instant(batch, writer, "At", step.At);
            writer.WriteString("By", step.By);
            writer.WriteString("From", step.From.ToString());
            writer.WriteString("Note", step.Note);
            writer.WriteString("To", step.To.ToString());
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    private static JsonText Refunds(Batch batch, Order o) => JsonText.Of(writer =>
    {
        writer.WriteStartArray();
        foreach (var refund in o.Refunds)
        {
            writer.WriteStartObject();
            Instant(batch, writer, "At", refund.At);
            writer.WriteString("By", refund.By);
            writer.WriteNumber("MinorUnits", refund.MinorUnits);
            writer.WriteString("Reason", refund.Reason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    /// <summary>An instant as EF Core writes one in JSON: SQLite's date-time text, or ISO 8601 in PostgreSQL.</summary>
    private static void Instant(Batch batch, Utf8JsonWriter writer, string name, Instant at) =>
        writer.WriteString(name, batch.IsSqlite
            ? at.ToDateTimeUtc().ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)
            : PostgresInstant.Format(at));

    /// <summary>A decimal as EF Core writes one in JSON: text in SQLite (which has no decimal type), a number in PostgreSQL.</summary>
    private static void Decimal(Batch batch, Utf8JsonWriter writer, string name, decimal value)
    {
        if (batch.IsSqlite)
        {
            writer.WriteString(name, value.ToString("0.0###########################", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNumber(name, value);
        }
    }
}
