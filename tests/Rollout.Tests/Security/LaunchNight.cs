using System.Globalization;
using System.Net.Http.Json;
using NodaTime;

namespace Rollout.Tests.Security;

/// <summary>
/// A launch in Madrid two hours from the test clock's now, with a flash sale of three phones, made through the API
/// (registration until an hour before; a confirmed e-mail address required when asked).
/// </summary>
internal static class LaunchNight
{
    public const string Launch = "es-night";
    public const string Sale = "es-night-drop";

    public static async Task Create(RolloutApp app, bool requiresConfirmedEmail = false)
    {
        var ct = TestContext.Current.CancellationToken;
        var local = Instant.FromDateTimeOffset(app.Clock.GetUtcNow()).InZone(DateTimeZoneProviders.Tzdb["Europe/Madrid"]).LocalDateTime;
        string At(int hours) => local.PlusHours(hours).ToString("uuuu-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        using var admin = await app.Admin();
        (await admin.PostAsJsonAsync("/api/stock/locations", new { code = "madrid-dc", name = "Madrid", kind = "warehouse", serves = new[] { "ES" } }, ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/stock/receipts", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", quantity = 5 }, ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/stock/allocations", new { sku = "NOVA8P-BLK-256", location = "madrid-dc", channel = "es-online", quantity = 3 }, ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/launches", new { code = Launch, market = "ES", startsAt = At(2), venue = "Gran Vía, Madrid" }, ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/api/launches/{Launch}/sales", new
        {
            code = Sale, sku = "NOVA8P-BLK-256", location = "madrid-dc", channel = "es-online", units = 3, price = 499m,
            opensAt = At(2), closesAt = At(4), perCustomerLimit = 1, registrationDeadline = At(1), holdMinutes = 10, requiresConfirmedEmail,
        }, ct)).EnsureSuccessStatusCode();
    }
}
