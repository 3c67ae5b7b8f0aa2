using System.Net.Http.Json;
using System.Text;
using Rollout.Orders;

namespace Rollout.Tests.Support;

/// <summary>What a shopper sends: checkout bodies, addresses, keyed POSTs, and a card provider's signed callbacks.</summary>
internal static class Shop
{
    /// <summary>A guest's one-step checkout body: delivered by the standard method to an address in the market, paid by bank transfer.</summary>
    public static object GuestOrder(string email = "ana@example.es", int quantity = 1, string sku = "NOVA8P-BLK-256", string market = "ES", string channel = "es-online", string payment = "bank-transfer") =>
        new { market, channel, email, lines = new[] { new { sku, quantity } }, shipping = "standard", address = AddressIn(market), payment };

    /// <summary>A postal address in a market.</summary>
    public static object AddressIn(string market) => market switch
    {
        "FR" => new { name = "Luc Martin", line1 = "12 rue de Rivoli", postalCode = "75001", city = "Paris", country = "FR" },
        "IT" => new { name = "Giulia Rossi", line1 = "Via Torino 5", postalCode = "20123", city = "Milano", country = "IT" },
        _ => new { name = "Ana García", line1 = "Calle Mayor 1", postalCode = "28013", city = "Madrid", country = market },
    };

    /// <summary>POSTs with an Idempotency-Key (a new one unless given).</summary>
    public static Task<HttpResponseMessage> PostKeyed(HttpClient client, string url, object? body = null, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>A new valid IMEI (15 digits, Luhn check digit), different each call.</summary>
    public static string NewImei()
    {
        var payload = "35" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return payload + Rollout.Devices.Imei.CheckDigit(payload);
    }

    /// <summary>Each unit of an order's (or partner order's) lines with a new IMEI, as shipping lists them.</summary>
    public static object[] UnitsOf(System.Text.Json.JsonElement order) =>
        [.. order.GetProperty("lines").EnumerateArray().SelectMany(line =>
            Enumerable.Range(0, line.GetProperty("quantity").GetInt32()).Select(_ => (object)new { sku = line.GetProperty("sku").GetString(), imei = NewImei() }))];

    /// <summary>Ships an order with a new IMEI for each unit, as staff do.</summary>
    public static async Task<HttpResponseMessage> Ship(HttpClient staff, object id, string carrier = "SEUR", string trackingNumber = "SEUR-1")
    {
        var ct = TestContext.Current.CancellationToken;
        using var order = System.Text.Json.JsonDocument.Parse(await staff.GetStringAsync($"/api/orders/{id}", ct));
        return await staff.PostAsJsonAsync($"/api/orders/{id}/ship", new { carrier, trackingNumber, units = UnitsOf(order.RootElement) }, ct);
    }

    /// <summary>Posts a card provider's callback for an order's payment reference, signed at <paramref name="at"/> with the test secret.</summary>
    public static Task<HttpResponseMessage> CardWebhook(HttpClient client, string reference, decimal amount, DateTimeOffset at, string currency = "EUR", string? eventId = null, string type = "payment.succeeded", string? secret = null)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(new { id = eventId ?? $"evt_{Guid.NewGuid():N}", type, reference, amount, currency });
        var provider = new SignedWebhookPayment("card", "Card", Encoding.UTF8.GetBytes(secret ?? RolloutApp.CardSecret));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/card/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(SignedWebhookPayment.SignatureHeader, provider.Sign(body, NodaTime.Instant.FromDateTimeOffset(at)));
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
