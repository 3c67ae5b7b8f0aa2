using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Rollout.Storage;

namespace Rollout.Orders;

/// <summary>How a provider's payments are confirmed: by staff who see the money arrive, or by the provider's signed callback.</summary>
public enum PaymentConfirmation
{
    ByStaff,
    BySignedWebhook,
}

/// <summary>
/// A way to pay. Rollout never sees a card: a provider takes the money and says so, either to staff (a bank transfer,
/// cash at the store) or to Rollout through a webhook signed with a secret the two share.
/// </summary>
public interface IPaymentProvider
{
    /// <summary>The code checkout names (card, bank-transfer, pay-at-store).</summary>
    string Code { get; }

    string Name { get; }

    PaymentConfirmation ConfirmedBy { get; }

    /// <summary>True when the buyer can only pay this way at a store, so only for a pickup.</summary>
    bool PickupOnly { get; }

    /// <summary>What the buyer is told to do to pay this order.</summary>
    string Instructions(Order order);
}

/// <summary>Paid outside Rollout and confirmed by staff: a bank transfer quoting the order number, or cash or card at the store.</summary>
public sealed class ManualPayment(string code, string name, bool pickupOnly, Func<Order, string> instructions) : IPaymentProvider
{
    public string Code => code;

    public string Name => name;

    public PaymentConfirmation ConfirmedBy => PaymentConfirmation.ByStaff;

    public bool PickupOnly => pickupOnly;

    public string Instructions(Order order) => instructions(order);
}

/// <summary>
/// A card-payment provider (any PSP with signed webhooks). The buyer pays on the provider's page quoting the order's
/// payment reference; the provider then calls <c>POST /api/payments/{code}/webhook</c> with the body signed as
/// <c>Rollout-Signature: t=UNIX-SECONDS,v1=HEX(HMAC-SHA256(secret, "t.body"))</c>. A callback without that header,
/// with a wrong signature, or signed more than <see cref="Tolerance"/> away from now (a replay) is refused.
/// </summary>
public sealed class SignedWebhookPayment(string code, string name, byte[] secret) : IPaymentProvider
{
    public const string SignatureHeader = "Rollout-Signature";

    /// <summary>How far a callback's signing time may be from now; older ones are replays.</summary>
    public static readonly Duration Tolerance = Duration.FromMinutes(5);

    public string Code => code;

    public string Name => name;

    public PaymentConfirmation ConfirmedBy => PaymentConfirmation.BySignedWebhook;

    public bool PickupOnly => false;

    public string Instructions(Order order) => $"Pay by card; the card provider confirms payment {order.PaymentReference} to the shop.";

    /// <summary>The header value that signs <paramref name="body"/> at <paramref name="at"/>, as the provider sends it.</summary>
    public string Sign(string body, Instant at)
    {
        var seconds = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={seconds},v1={Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{seconds}.{body}")))}";
    }

    /// <summary>Checks a callback's signature; the error says which rule it broke (unsigned, malformed, wrong, stale).</summary>
    public Result<Instant> Verify(string? header, string body, Instant now)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return Error.Invalid(SignatureHeader, "webhook.unsigned", $"The callback has no {SignatureHeader} header.");
        }

        var parts = header.Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p[1]).ToList(), StringComparer.Ordinal);
        if (!parts.TryGetValue("t", out var times) || times.Count != 1 || !long.TryParse(times[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > Instant.MaxValue.ToUnixTimeSeconds() || !parts.TryGetValue("v1", out var signatures))
        {
            return Error.Invalid(SignatureHeader, "webhook.malformed", $"{SignatureHeader} must read t=UNIX-SECONDS,v1=HEX.");
        }

        var expected = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{times[0]}.{body}"));
        var matches = signatures.Any(s => s.Length == expected.Length * 2 && s.All(Uri.IsHexDigit)
            && CryptographicOperations.FixedTimeEquals(Convert.FromHexString(s), expected));
        if (!matches)
        {
            return Error.Invalid(SignatureHeader, "webhook.bad_signature", "The signature does not match the body and the shared secret.");
        }

        var signedAt = Instant.FromUnixTimeSeconds(seconds);
        if (Duration.Max(now - signedAt, signedAt - now) > Tolerance)
        {
            return Error.Invalid(SignatureHeader, "webhook.stale", $"The callback was signed at {signedAt}, more than {Tolerance.TotalMinutes:0} minutes from now; a replay is refused.");
        }

        return signedAt;
    }
}

/// <summary>
/// The payment providers on offer, from configuration: bank transfer and pay at store (confirmed by staff) and a card
/// provider confirmed by signed webhook. The card secret is <c>Rollout:Payments:Card:Secret</c>; without one, a random
/// secret is made once and kept in the data folder (<c>payments/card-webhook-secret</c>).
/// </summary>
public sealed class PaymentProviders(IReadOnlyList<IPaymentProvider> providers)
{
    public IReadOnlyList<IPaymentProvider> All => providers;

    public IPaymentProvider? Find(string? code) => providers.FirstOrDefault(p => string.Equals(p.Code, code, StringComparison.OrdinalIgnoreCase));

    public static PaymentProviders From(IConfiguration configuration)
    {
        var iban = configuration["Rollout:Payments:BankTransfer:Iban"] ?? "ES91 2100 0418 4502 0005 1332";
        return new PaymentProviders(
        [
            new SignedWebhookPayment("card", "Card", Encoding.UTF8.GetBytes(CardSecret(configuration))),
            new ManualPayment("bank-transfer", "Bank transfer", pickupOnly: false, order =>
                $"Transfer {Money.FromMinorUnits(order.TotalMinorUnits, order.Currency)} to {iban}, quoting {order.Number}."),
            new ManualPayment("pay-at-store", "Pay at the store", pickupOnly: true, order =>
                $"Pay {Money.FromMinorUnits(order.TotalMinorUnits, order.Currency)} when you collect order {order.Number}."),
        ]);
    }

    /// <summary>The shortest secret accepted: a weak key would let anyone sign a payment.</summary>
    public const int MinimumSecretLength = 32;

    /// <summary>
    /// The card provider's shared secret: configured (at least <see cref="MinimumSecretLength"/> characters), or made
    /// once and kept beside the database, readable by its owner only. The file is written aside and renamed into
    /// place, so a crash never leaves an empty secret behind.
    /// </summary>
    public static string CardSecret(IConfiguration configuration)
    {
        if (configuration["Rollout:Payments:Card:Secret"] is { Length: > 0 } configured)
        {
            return configured.Length >= MinimumSecretLength
                ? configured
                : throw new InvalidOperationException($"Rollout:Payments:Card:Secret must be at least {MinimumSecretLength} characters; a short secret lets anyone sign a payment.");
        }

        var file = Path.Combine(StorageOptions.DataFolder(configuration), "payments", "card-webhook-secret");
        if (File.Exists(file) && File.ReadAllText(file).Trim() is { Length: >= MinimumSecretLength } kept)
        {
            return kept;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var aside = $"{file}.{Guid.NewGuid():N}";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(aside, options))
        {
            stream.Write(Encoding.UTF8.GetBytes(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))));
            stream.Flush(flushToDisk: true);
        }

        try
        {
            File.Move(aside, file, overwrite: !File.Exists(file) || File.ReadAllText(file).Trim().Length < MinimumSecretLength);
        }
        catch (IOException) when (File.Exists(file))
        {
            // Another process put its secret in place first; use theirs.
            File.Delete(aside);
        }

        return File.ReadAllText(file).Trim();
    }
}
