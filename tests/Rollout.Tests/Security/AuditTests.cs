using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Security;

/// <summary>The audit log: who did what to which subject, before and after; kept by the database as append-only.</summary>
public abstract class AuditTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Entry(long Id, DateTimeOffset At, string Actor, string Action, string Subject, string? Before, string? After);

    private sealed record Page(List<Entry> Entries, long? Next);

    private sealed record Added(string Email);

    [Fact]
    public async Task A_price_change_is_recorded_with_who_when_and_the_price_before_and_after()
    {
        using var pricing = await App.Staff(StaffRoles.PricingManager);
        using var admin = await App.Admin();
        var before = (await admin.GetFromJsonAsync<Page>("/api/audit?action=price.", Ct))!.Entries.Count;

        (await pricing.PutAsJsonAsync("/api/prices", new { sku = "NOVA8P-BLK-256", market = "ES", channel = "es-online", amount = 659.99m, currency = "EUR" }, Ct)).EnsureSuccessStatusCode();
        var refused = await pricing.PutAsJsonAsync("/api/prices", new { sku = "NOVA8P-BLK-256", market = "ES", channel = "es-online", amount = 9999.99m, currency = "EUR" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var entries = (await admin.GetFromJsonAsync<Page>("/api/audit?action=price.", Ct))!.Entries;
        var entry = Assert.Single(entries.Take(entries.Count - before)); // The refused price wrote nothing, its audit entry included.
        Assert.StartsWith("pricing-manager-", entry.Actor, StringComparison.Ordinal);
        Assert.Equal("price.changed", entry.Action); // The regular price in force, replaced.
        Assert.Contains("65999", entry.After, StringComparison.Ordinal);
        Assert.DoesNotContain("65999", entry.Before, StringComparison.Ordinal);
        Assert.Equal(App.Clock.GetUtcNow(), entry.At);
        Assert.Equal(HttpStatusCode.Forbidden, (await pricing.GetAsync("/api/audit", Ct)).StatusCode); // The log is for admins.
    }

    [Fact]
    public async Task A_market_change_keeps_the_value_before_and_after_and_a_role_given_names_the_account()
    {
        using var admin = await App.Admin();

        (await admin.PatchAsJsonAsync("/api/markets/ES", new { vatRate = 0.10m }, Ct)).EnsureSuccessStatusCode();
        var added = await admin.PostAsJsonAsync("/api/staff", new { email = "new-manager@test.local", password = "Staff-Pass-1234", roles = new[] { StaffRoles.LaunchManager } }, Ct);

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var market = Assert.Single((await admin.GetFromJsonAsync<Page>("/api/audit?action=market.changed&subject=ES", Ct))!.Entries);
        Assert.Equal(RolloutApp.AdminEmail, market.Actor);
        Assert.Equal("0.21", JsonDocument.Parse(market.Before!).RootElement.GetProperty("VatRate").GetString());
        Assert.Equal("0.1", JsonDocument.Parse(market.After!).RootElement.GetProperty("VatRate").GetString());
        var staff = Assert.Single((await admin.GetFromJsonAsync<Page>("/api/audit?action=staff.added&subject=new-manager@test.local", Ct))!.Entries);
        Assert.DoesNotContain("PasswordHash", staff.After, StringComparison.Ordinal);
        Assert.Single((await admin.GetFromJsonAsync<Page>("/api/audit?action=staff-role.added", Ct))!.Entries, e => e.At == staff.At && e.Actor == RolloutApp.AdminEmail);
    }

    [Fact]
    public async Task The_log_is_append_only_in_the_database_itself()
    {
        using var admin = await App.Admin();
        (await admin.PatchAsJsonAsync("/api/markets/ES", new { vatRate = 0.10m }, Ct)).EnsureSuccessStatusCode();
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RolloutDb>();

        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("""UPDATE audit_entries SET "Actor" = 'someone-else'""", Ct));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries", Ct));

        var entries = (await admin.GetFromJsonAsync<Page>("/api/audit", Ct))!.Entries;
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.Equal(RolloutApp.AdminEmail, e.Actor));
    }

    [Fact]
    public async Task The_cli_exports_the_log_as_json_lines_filtered_and_refuses_a_bad_day()
    {
        using var admin = await App.Admin();
        (await admin.PatchAsJsonAsync("/api/markets/ES", new { vatRate = 0.10m }, Ct)).EnsureSuccessStatusCode();
        (await admin.PatchAsJsonAsync("/api/markets/FR", new { vatRate = 0.10m }, Ct)).EnsureSuccessStatusCode();

        var export = await RolloutCli.Run(App, "audit", "export", "--action", "market.changed", "--from", TestClock.Iso(TestClock.Date(zone: "UTC")));
        var bad = await RolloutCli.Run(App, "audit", "export", "--from", "yesterday");

        Assert.Equal(0, export.ExitCode);
        var lines = export.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<Entry>(l, JsonSerializerOptions.Web)!).ToList();
        Assert.Equal(["ES", "FR"], lines.Select(l => l.Subject));
        Assert.All(lines, l => Assert.Equal(RolloutApp.AdminEmail, l.Actor));
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--from", bad.Error, StringComparison.Ordinal);
    }
}

public sealed class SqliteAuditTests() : AuditTests(StorageProvider.Sqlite);

public sealed class PostgresAuditTests() : AuditTests(StorageProvider.Postgres);
