using System.Net.Http.Json;
using System.Text.Json;
using Rollout.Storage;

namespace Rollout.Tests.Support;

/// <summary>
/// A test class run once per database provider: each test gets a fresh database of <see cref="Provider"/> and the
/// server on it. Derive a <c>Sqlite…</c> and a <c>Postgres…</c> class that only name the provider.
/// </summary>
public abstract class ProviderTest(StorageProvider provider) : IAsyncLifetime
{
    private RolloutApp? app;
    private TestDatabase? database;

    protected StorageProvider Provider => provider;

    protected RolloutApp App => app ?? throw new InvalidOperationException("The app starts in InitializeAsync.");

    protected virtual bool LoadDemo => true;

    /// <summary>Configuration the server of this class starts with, beside the test defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    public async ValueTask InitializeAsync()
    {
        // The demo and the first admin come with the database (TestData.Demo), unless this class changes how the admin is made.
        var demo = LoadDemo && !Settings.Keys.Any(key => key.StartsWith("Rollout:Bootstrap:", StringComparison.Ordinal));
        database = await TestDatabase.Create(provider, demo ? TestData.Demo : TestData.Migrated);
        app = RolloutApp.Start(database, LoadDemo, settings: Settings);
        app.CreateClient().Dispose(); // Start now, at RolloutApp.Today, whatever the test then does to the clock.
    }

    /// <summary>
    /// Stops this class's server before a test starts servers of its own on the same database (a SQLite file serves one
    /// server at a time, and refuses a second).
    /// </summary>
    protected async Task StopApp()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// A warehouse "madrid-dc" serving Spain with <paramref name="units"/> of a variant received, set up by a staff
    /// member of <paramref name="role"/>, whose client is returned.
    /// </summary>
    protected async Task<HttpClient> MadridWith(int units, string role = Rollout.Identity.StaffRoles.InventoryManager, string sku = "NOVA8P-BLK-256")
    {
        var ct = TestContext.Current.CancellationToken;
        var staff = await App.Staff(role);
        (await staff.PostAsJsonAsync("/api/stock/locations", new { code = "madrid-dc", name = "Madrid distribution centre", kind = "warehouse", serves = new[] { "ES" } }, ct)).EnsureSuccessStatusCode();
        (await staff.PostAsJsonAsync("/api/stock/receipts", new { sku, location = "madrid-dc", quantity = units }, ct)).EnsureSuccessStatusCode();
        return staff;
    }

    /// <summary>The response body as JSON; it may be read more than once.</summary>
    protected static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        await response.Content.LoadIntoBufferAsync(TestContext.Current.CancellationToken);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
    }

    /// <summary>The rules a 400 problem lists under a field.</summary>
    protected static async Task<string[]> ProblemFor(HttpResponseMessage response, string field)
    {
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json(response);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var rules), $"No error for '{field}' in {errors}");
        return [.. rules.EnumerateArray().Select(r => r.GetString()!)];
    }
}
