using Rollout.Catalog;
using System.Security.Cryptography;

namespace Rollout.Partners;

/// <summary>
/// A partner organisation (a carrier, a distributor). It sells through its partner channel, whose markets, listings,
/// wholesale prices and allocations are the ones Channels, Catalog, Pricing and Inventory keep; this adds who it is
/// for invoices: its legal name, where it is established and its VAT number.
/// </summary>
public sealed class Partner
{
    private Partner()
    {
    }

    /// <summary>The partner's channel code.</summary>
    public Slug Code { get; private set; }

    public string LegalName { get; private set; } = "";

    /// <summary>The country it is established in, for the VAT of its invoices.</summary>
    public CountryCode Country { get; private set; }

    public string? VatNumber { get; private set; }

    public string BillingEmail { get; private set; } = "";

    /// <summary>Where it is established, as its invoices carry it.</summary>
    public string Address { get; private set; } = "";

    public Instant CreatedAt { get; private set; }

    internal static Partner Create(Slug code, PartnerTerms terms, Instant now)
    {
        var partner = new Partner { Code = code, CreatedAt = now };
        partner.Change(terms);
        return partner;
    }

    internal void Change(PartnerTerms terms) =>
        (LegalName, Country, VatNumber, BillingEmail, Address) = (terms.LegalName, terms.Country, terms.VatNumber, terms.BillingEmail, terms.Address);
}

internal sealed record PartnerTerms(string LegalName, CountryCode Country, string? VatNumber, string BillingEmail, string Address);

/// <summary>
/// An API key of one partner: its id is public, its secret is shown once and kept only as a SHA-256 hash; staff revoke it.
/// A request carries it as <c>Authorization: Partner {id}.{secret}</c>.
/// </summary>
public sealed class PartnerKey
{
    private PartnerKey()
    {
    }

    public string Id { get; private set; } = "";

    public Slug Partner { get; private set; }

    public string Name { get; private set; } = "";

    public byte[] SecretHash { get; private set; } = [];

    public string CreatedBy { get; private set; } = "";

    public Instant CreatedAt { get; private set; }

    public string? RevokedBy { get; private set; }

    public Instant? RevokedAt { get; private set; }

    /// <summary>A new key and the secret to show once.</summary>
    internal static (PartnerKey Key, string Secret) Issue(Slug partner, string name, string by, Instant now)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new PartnerKey
        {
            Id = "pk_" + Base64Url(RandomNumberGenerator.GetBytes(9)),
            Partner = partner,
            Name = name,
            SecretHash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)),
            CreatedBy = by,
            CreatedAt = now,
        };
        return (key, secret);
    }

    public bool Opens(string secret) =>
        RevokedAt is null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)), SecretHash);

    internal void Revoke(string by, Instant now) => (RevokedBy, RevokedAt) = (RevokedBy ?? by, RevokedAt ?? now);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Where a partner purchase order stands.</summary>
public enum PartnerOrderStatus
{
    Placed,
    Confirmed,
    Shipped,
    Invoiced,
    Cancelled,
}

/// <summary>A line of a partner order: units of a SKU at the wholesale net price, taken from the partner's allocation.</summary>
public sealed record PartnerOrderLine(Sku Sku, int Quantity, long UnitNetMinorUnits, long NetMinorUnits, long AllocationId, Slug Location);

/// <summary>A recorded step of a partner order.</summary>
public sealed record PartnerOrderStep(PartnerOrderStatus To, string By, Instant At, string Note);

/// <summary>The invoice of a partner order: its number and how VAT applies (charged, reverse charge, or an export outside the EU).</summary>
public sealed record PartnerInvoice(string Number, Instant IssuedAt, string Treatment, decimal VatRate, long NetMinorUnits, long VatMinorUnits, long TotalMinorUnits, string Mention);

/// <summary>
/// A partner's purchase order: units against its allocation in one of its markets, at its wholesale prices; confirmed,
/// shipped with each unit's IMEI or serial, invoiced.
/// </summary>
public sealed class PartnerOrder
{
    private PartnerOrder()
    {
    }

    public Guid Id { get; private set; }

    public string Number { get; private set; } = "";

    public Slug Partner { get; private set; }

    /// <summary>The partner's own purchase-order number: one order per reference.</summary>
    public string Reference { get; private set; } = "";

    public CountryCode Market { get; private set; }

    public CurrencyCode Currency { get; private set; }

    public PartnerOrderStatus Status { get; private set; }

    public List<PartnerOrderLine> Lines { get; private set; } = [];

    public long NetMinorUnits { get; private set; }

    public Instant PlacedAt { get; private set; }

    public string? Carrier { get; private set; }

    public string? TrackingNumber { get; private set; }

    public PartnerInvoice? Invoice { get; private set; }

    /// <summary>The invoice's number, on its own column so the database keeps each number to one invoice.</summary>
    public string? InvoiceNumber { get; private set; }

    public List<PartnerOrderStep> Steps { get; private set; } = [];

    public int Version { get; private set; }

    internal static PartnerOrder Place(Slug partner, string reference, CountryCode market, CurrencyCode currency, List<PartnerOrderLine> lines, string by, Instant now)
    {
        var id = Guid.CreateVersion7();
        return new PartnerOrder
        {
            Id = id,
            Number = "PO-" + id.ToString("N")[^8..].ToUpperInvariant(),
            Partner = partner,
            Reference = reference,
            Market = market,
            Currency = currency,
            Status = PartnerOrderStatus.Placed,
            Lines = lines,
            NetMinorUnits = lines.Sum(l => l.NetMinorUnits),
            PlacedAt = now,
            Steps = [new PartnerOrderStep(PartnerOrderStatus.Placed, by, now, $"reference {reference}")],
        };
    }

    internal Result<PartnerOrder> Confirm(string by, Instant now) => Move(PartnerOrderStatus.Placed, PartnerOrderStatus.Confirmed, by, now, "confirmed");

    internal Result<PartnerOrder> Ship(string carrier, string tracking, string by, Instant now)
    {
        var moved = Move(PartnerOrderStatus.Confirmed, PartnerOrderStatus.Shipped, by, now, $"{carrier} {tracking}");
        if (moved.IsSuccess)
        {
            (Carrier, TrackingNumber) = (carrier, tracking);
        }

        return moved;
    }

    internal Result<PartnerOrder> Bill(PartnerInvoice invoice, string by, Instant now)
    {
        var moved = Move(PartnerOrderStatus.Shipped, PartnerOrderStatus.Invoiced, by, now, $"invoice {invoice.Number}");
        if (moved.IsSuccess)
        {
            (Invoice, InvoiceNumber) = (invoice, invoice.Number);
        }

        return moved;
    }

    internal Result<PartnerOrder> Cancel(string by, Instant now, string reason) => Status is PartnerOrderStatus.Placed or PartnerOrderStatus.Confirmed
        ? Step(PartnerOrderStatus.Cancelled, by, now, reason)
        : Error.Conflict("partner_order.transition", $"Partner order {Number} is {Words(Status)}; only a placed or confirmed order can be cancelled.");

    private Result<PartnerOrder> Move(PartnerOrderStatus from, PartnerOrderStatus to, string by, Instant now, string note) => Status == from
        ? Step(to, by, now, note)
        : Error.Conflict("partner_order.transition", $"Partner order {Number} is {Words(Status)}; it must be {Words(from)} to become {Words(to)}.");

    private PartnerOrder Step(PartnerOrderStatus to, string by, Instant now, string note)
    {
        Steps.Add(new PartnerOrderStep(to, by, now, note));
        Status = to;
        Version++;
        return this;
    }

    public static string Words(PartnerOrderStatus status) => status.ToString().ToLowerInvariant();
}
