using Rollout.Catalog;

namespace Rollout.Devices;

/// <summary>How a device came to be known: shipped by an order or a partner order, or given as a replacement.</summary>
public enum DeviceSource
{
    Order,
    PartnerOrder,
    Replacement,
}

/// <summary>
/// One unit that left the brand's stock: its IMEIs (a dual-SIM phone has two) or its serial number, what it is, where
/// and through which channel it was sold, and when its warranty started (delivery to its buyer, a partner's reported
/// sell-through, or the start of the device it replaced). The warranty itself is computed (<see cref="Warranty"/>).
/// </summary>
public sealed class Device
{
    private Device()
    {
    }

    public Guid Id { get; private set; }

    public string? Imei { get; private set; }

    public string? Imei2 { get; private set; }

    public string? Serial { get; private set; }

    public Sku Sku { get; private set; }

    public Slug Product { get; private set; }

    /// <summary>The market of sale: its law gives the statutory warranty.</summary>
    public CountryCode Market { get; private set; }

    public Slug Channel { get; private set; }

    public DeviceSource Source { get; private set; }

    /// <summary>The order or partner order that shipped it (none for a replacement).</summary>
    public Guid? ShippedBy { get; private set; }

    public Instant ShippedAt { get; private set; }

    /// <summary>When the warranty started; null while the device has not reached its buyer.</summary>
    public Instant? WarrantyStartsAt { get; private set; }

    /// <summary>When a partner reported it sold to its customer.</summary>
    public Instant? SoldThroughAt { get; private set; }

    /// <summary>The customer account that owns it: the buyer of an order, or a customer whose registration staff accepted.</summary>
    public string? OwnerId { get; private set; }

    public Guid? Replaces { get; private set; }

    public Guid? ReplacedBy { get; private set; }

    /// <summary>When the device stopped being covered: replaced by another (which carries the warranty on) or refunded and taken back.</summary>
    public Instant? RetiredAt { get; private set; }

    /// <summary>The IMEI or serial people read from the box.</summary>
    public string Identity => Imei ?? Serial ?? Id.ToString();

    internal static Device Shipped(UnitIdentity unit, Sku sku, Slug product, CountryCode market, Slug channel, DeviceSource source, Guid shippedBy, string? owner, Instant now) => new()
    {
        Id = Guid.CreateVersion7(),
        Imei = unit.Imei?.Value,
        Imei2 = unit.Imei2?.Value,
        Serial = unit.Serial,
        Sku = sku,
        Product = product,
        Market = market,
        Channel = channel,
        Source = source,
        ShippedBy = shippedBy,
        ShippedAt = now,
        OwnerId = owner,
    };

    /// <summary>A unit given instead of <paramref name="old"/>: it takes over the old one's market, start and owner.</summary>
    internal static Device Replacing(Device old, UnitIdentity unit, Sku sku, Slug product, Instant now)
    {
        var replacement = new Device
        {
            Id = Guid.CreateVersion7(),
            Imei = unit.Imei?.Value,
            Imei2 = unit.Imei2?.Value,
            Serial = unit.Serial,
            Sku = sku,
            Product = product,
            Market = old.Market,
            Channel = old.Channel,
            Source = DeviceSource.Replacement,
            ShippedAt = now,
            WarrantyStartsAt = old.WarrantyStartsAt,
            SoldThroughAt = old.SoldThroughAt,
            OwnerId = old.OwnerId,
            Replaces = old.Id,
        };
        (old.ReplacedBy, old.RetiredAt) = (replacement.Id, now);
        return replacement;
    }

    internal void Delivered(Instant at) => WarrantyStartsAt ??= at;

    /// <summary>Refunded under a repair ticket: the brand took it back, and it is no longer covered.</summary>
    internal void Refunded(Instant at) => RetiredAt ??= at;

    internal Result<Device> SoldThrough(Instant at)
    {
        if (SoldThroughAt is { } known)
        {
            return known == at
                ? this
                : Error.Conflict("device.already_sold_through", $"{Identity} was already reported sold on {known}.");
        }

        (SoldThroughAt, WarrantyStartsAt) = (at, at);
        return this;
    }

    internal void OwnedBy(string customer) => OwnerId = customer;

    /// <summary>The device's IMEIs, first and second.</summary>
    public IEnumerable<string> Imeis() => new[] { Imei, Imei2 }.OfType<string>();
}

/// <summary>Every IMEI of every device, first or second, once: the one index an IMEI is looked up by, and unique.</summary>
public sealed class DeviceImei
{
    private DeviceImei()
    {
    }

    public string Imei { get; private set; } = "";

    public Guid DeviceId { get; private set; }

    internal static IEnumerable<DeviceImei> Of(Device device) => device.Imeis().Select(imei => new DeviceImei { Imei = imei, DeviceId = device.Id });
}

/// <summary>The brand's own warranty on a product, on top of the law of the market of sale.</summary>
public sealed class WarrantyExtension
{
    private WarrantyExtension()
    {
    }

    public Slug Product { get; private set; }

    public int Months { get; private set; }

    public string ChangedBy { get; private set; } = "";

    public Instant ChangedAt { get; private set; }

    internal static WarrantyExtension Of(Slug product, int months, string by, Instant at) => new() { Product = product, Months = months, ChangedBy = by, ChangedAt = at };

    internal void Change(int months, string by, Instant at) => (Months, ChangedBy, ChangedAt) = (months, by, at);
}

/// <summary>A file someone gave Rollout: a proof of purchase, a photo of a cracked screen.</summary>
public sealed class Attachment
{
    public const int MaxBytes = 5 * 1024 * 1024;

    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "image/jpeg", "image/png", "image/webp", "application/pdf", "text/plain",
    };

    private Attachment()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string ContentType { get; private set; } = "";

    public byte[] Content { get; private set; } = [];

    /// <summary>Whose it is: the customer account, the partner, or the staff member who gave it.</summary>
    public string UploadedBy { get; private set; } = "";

    public Instant UploadedAt { get; private set; }

    /// <summary>
    /// A checked file: a name, an allowed type, 1 byte to 5 MiB, and content that is what its type says (the signature
    /// of a JPEG, PNG, WebP or PDF; UTF-8 without NULs for text), so a page or script cannot pass as a photo. The
    /// error names <paramref name="field"/>.
    /// </summary>
    public static Result<Attachment> Of(string field, string? name, string? contentType, byte[] content, string by, Instant at)
    {
        var fileName = Path.GetFileName(name ?? "").Trim();
        if (fileName.Length is 0 or > 120)
        {
            return Error.Invalid(field, "attachment.name", "Give the file a name of 1-120 characters.");
        }

        if (contentType is null || !Types.Contains(contentType))
        {
            return Error.Invalid(field, "attachment.type", $"Send a photo (JPEG, PNG, WebP), a PDF or a text file, not '{contentType}'.");
        }

        if (content.Length is 0 or > MaxBytes)
        {
            return Error.Invalid(field, "attachment.size", "A file is 1 byte to 5 MiB.");
        }

        if (!IsWhatItSays(contentType, content))
        {
            return Error.Invalid(field, "attachment.content", contentType.Equals("text/plain", StringComparison.OrdinalIgnoreCase)
                ? "A text file must be UTF-8 text without NUL characters."
                : $"The file's content is not {Describe(contentType)}, though it was sent as '{contentType}'; send the file itself, with its own type.");
        }

        return new Attachment { Id = Guid.CreateVersion7(), Name = fileName, ContentType = contentType.ToLowerInvariant(), Content = content, UploadedBy = by, UploadedAt = at };
    }

    /// <summary>Whether the bytes begin as the declared type's files begin (a text file: valid UTF-8, no NUL).</summary>
    public static bool IsWhatItSays(string contentType, ReadOnlySpan<byte> content) => contentType.ToLowerInvariant() switch
    {
        "image/jpeg" => content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]),
        "image/png" => content.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]),
        "image/webp" => content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8),
        "application/pdf" => content.StartsWith("%PDF-"u8),
        "text/plain" => System.Text.Unicode.Utf8.IsValid(content) && !content.Contains((byte)0),
        _ => false,
    };

    private static string Describe(string contentType) => contentType.ToLowerInvariant() switch
    {
        "image/jpeg" => "a JPEG image",
        "image/png" => "a PNG image",
        "image/webp" => "a WebP image",
        "application/pdf" => "a PDF document",
        _ => contentType,
    };
}

/// <summary>Where a customer's registration of a device they bought elsewhere stands.</summary>
public enum RegistrationStatus
{
    Pending,
    Accepted,
    Refused,
}

/// <summary>A customer's claim to own a device they did not buy from the brand's own stores, with a proof of purchase staff check.</summary>
public sealed class DeviceRegistration
{
    private DeviceRegistration()
    {
    }

    public Guid Id { get; private set; }

    public Guid DeviceId { get; private set; }

    public string CustomerId { get; private set; } = "";

    public Guid Proof { get; private set; }

    public RegistrationStatus Status { get; private set; }

    public Instant At { get; private set; }

    public string? DecidedBy { get; private set; }

    public Instant? DecidedAt { get; private set; }

    public string? Note { get; private set; }

    internal static DeviceRegistration Ask(Guid device, string customer, Guid proof, Instant at) =>
        new() { Id = Guid.CreateVersion7(), DeviceId = device, CustomerId = customer, Proof = proof, Status = RegistrationStatus.Pending, At = at };

    internal Result<DeviceRegistration> Decide(bool accept, string by, string? note, Instant at)
    {
        if (Status != RegistrationStatus.Pending)
        {
            return Error.Conflict("registration.decided", $"This registration was already {Status.ToString().ToLowerInvariant()}.");
        }

        (Status, DecidedBy, DecidedAt, Note) = (accept ? RegistrationStatus.Accepted : RegistrationStatus.Refused, by, at, note);
        return this;
    }
}
