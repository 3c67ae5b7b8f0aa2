using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Rollout.Markets;
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

    /// <summary>What the buyer is told to do to pay this order, in the market's language, with the amount as the market writes it.</summary>
    string Instructions(Order order, Market market, string? store);
}

/// <summary>Paid outside Rollout and confirmed by staff: a bank transfer quoting the order number, or cash or card at the store.</summary>
public sealed class ManualPayment(string code, string name, bool pickupOnly, Func<PaymentWords, string, Order, string?, string> instructions) : IPaymentProvider
{
    public string Code => code;

    public string Name => name;

    public PaymentConfirmation ConfirmedBy => PaymentConfirmation.ByStaff;

    public bool PickupOnly => pickupOnly;

    public string Instructions(Order order, Market market, string? store)
    {
        var (words, culture) = PaymentWords.For(market);
        return instructions(words, order.Total.Format(culture), order, store);
    }
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

    public string Instructions(Order order, Market market, string? store) => PaymentWords.For(market).Words.Card;

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
/// provider confirmed by signed webhook. The card secret is <c>Rollout:Payments:Card:Secret</c>; without one, on SQLite
/// (one server) a random secret is made once and kept in the data folder (<c>payments/card-webhook-secret</c>), and
/// on PostgreSQL (any number of servers) the server refuses to start.
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
            new ManualPayment("bank-transfer", "Bank transfer", pickupOnly: false, (words, amount, order, _) =>
                string.Format(CultureInfo.InvariantCulture, words.Transfer, amount, iban, order.Number)),
            new ManualPayment("pay-at-store", "Pay at the store", pickupOnly: true, (words, amount, order, store) =>
                string.Format(CultureInfo.InvariantCulture, words.AtStore, amount, order.Number, store ?? order.PickupStore?.Value)),
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

        if (StorageOptions.From(configuration).Provider == StorageProvider.Postgres)
        {
            // One server's folder is no place for a secret every server must share.
            throw new InvalidOperationException(
                $"Rollout:Payments:Card:Secret must be set on PostgreSQL, where several servers may share the database: each checks the card provider's signatures with it. Set it to the secret the provider signs with (at least {MinimumSecretLength} characters).");
        }

        var file = Path.Combine(StorageOptions.DataFolder(configuration), "payments", "card-webhook-secret");
        PrivateFiles.Folder(Path.GetDirectoryName(file)!);
        if (File.Exists(file) && File.ReadAllText(file).Trim() is { Length: >= MinimumSecretLength } kept)
        {
            PrivateFiles.Narrow(file);
            return kept;
        }

        var aside = $"{file}.{Guid.NewGuid():N}";
        using (var stream = new FileStream(aside, PrivateFiles.NewFile()))
        {
            stream.Write(Encoding.UTF8.GetBytes(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))));
            stream.Flush(flushToDisk: true);
        }

        try
        {
            // Only a missing or unfinished (short) secret is replaced; a secret another process has just made is kept.
            var unfinished = File.Exists(file) && File.ReadAllText(file).Trim().Length < MinimumSecretLength;
            File.Move(aside, file, overwrite: unfinished);
        }
        catch (IOException) when (File.Exists(file))
        {
            // Another process put its secret in place first; use theirs.
            File.Delete(aside);
        }

        return File.ReadAllText(file).Trim();
    }
}

/// <summary>How each way to pay is explained to buyers, per language: {0} amount, {1} IBAN or order, {2} order or store.</summary>
public sealed record PaymentWords(string Card, string Transfer, string AtStore)
{
    private static readonly Dictionary<string, PaymentWords> Languages = new(StringComparer.Ordinal)
    {
        ["en"] = new("Pay by card on the secure payment page; your order is confirmed as soon as the payment arrives.", "Transfer {0} to {1}, quoting {2}; your order is confirmed when the money arrives.", "Pay {0} when you collect order {1} at {2}."),
        ["es"] = new("Paga con tarjeta en la página de pago segura; confirmamos tu pedido en cuanto llegue el pago.", "Transfiere {0} a {1} indicando {2}; confirmamos tu pedido cuando llegue el dinero.", "Paga {0} al recoger el pedido {1} en {2}."),
        ["fr"] = new("Payez par carte sur la page de paiement sécurisée ; votre commande est confirmée dès réception du paiement.", "Virez {0} sur {1} en indiquant {2} ; votre commande est confirmée à réception des fonds.", "Payez {0} en retirant la commande {1} à {2}."),
        ["it"] = new("Paga con carta nella pagina di pagamento sicura; confermiamo l'ordine appena arriva il pagamento.", "Bonifica {0} su {1} indicando {2}; confermiamo l'ordine quando arriva il denaro.", "Paga {0} al ritiro dell'ordine {1} presso {2}."),
        ["de"] = new("Bezahlen Sie per Karte auf der sicheren Zahlungsseite; Ihre Bestellung wird bestätigt, sobald die Zahlung eingeht.", "Überweisen Sie {0} auf {1} mit dem Verwendungszweck {2}; Ihre Bestellung wird bei Zahlungseingang bestätigt.", "Bezahlen Sie {0} bei Abholung der Bestellung {1} in {2}."),
    };

    public static (PaymentWords Words, CultureInfo Culture) For(Market market) =>
        (Languages.GetValueOrDefault(market.Language) ?? Languages["en"], market.Culture);
}
