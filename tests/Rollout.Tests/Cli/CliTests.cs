using Rollout.Storage;

namespace Rollout.Tests.Cli;

public abstract class CliTests(StorageProvider provider) : IAsyncLifetime
{
    private TestDatabase database = null!;

    private static string Demo => Path.Combine(AppContext.BaseDirectory, "european-tour.json");

    public async ValueTask InitializeAsync() => database = await TestDatabase.Create(provider, migrated: false); // Commands migrate it, and one test reads that they did.

    public async ValueTask DisposeAsync()
    {
        await database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Migrate_import_the_demo_and_list_the_markets()
    {
        var migrated = await RolloutCli.Run(database, "db", "migrate");
        var imported = await RolloutCli.Run(database, "catalog", "import", Demo);
        var listed = await RolloutCli.Run(database, "markets", "list");

        Assert.Equal(0, migrated.ExitCode);
        Assert.Matches(@"Applied \d+ migration\(s\): \d+_Initial", migrated.Out);
        Assert.Equal(0, imported.ExitCode);
        Assert.Contains("9 markets, 6 channels, 5 products, 7 variants, 18 certifications, 60 listings", imported.Out, StringComparison.Ordinal);
        Assert.Equal(0, listed.ExitCode);
        Assert.Matches(@"FR\s+France\s+planned\s+EUR\s+20%\s+Europe/Paris", listed.Out);
        Assert.Matches(@"ES\s+Spain\s+live", listed.Out);
    }

    [Fact]
    public async Task A_bad_file_exits_non_zero_names_line_and_field_and_imports_nothing()
    {
        var file = Path.Combine(database.Folder, "bad.json");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(Demo, TestContext.Current.CancellationToken))
            .Replace("\"code\": \"FR\"", "\"code\": \"FX\"", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var imported = await RolloutCli.Run(database, "catalog", "import", file);
        var listed = await RolloutCli.Run(database, "markets", "list");

        Assert.Equal(1, imported.ExitCode);
        Assert.Contains("bad.json: markets[1].code: line 9: 'FX' is not an ISO 3166-1 alpha-2 country code.", imported.Error, StringComparison.Ordinal);
        Assert.Equal("", imported.Out);
        Assert.DoesNotContain("Spain", listed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_JSON_and_a_missing_file_are_clean_errors()
    {
        var file = Path.Combine(database.Folder, "broken.json");
        await File.WriteAllTextAsync(file, "{\n  \"format\": \"rollout-catalog/1\",\n  \"markets\": [ { \"code\": \"ES\" ]\n}", TestContext.Current.CancellationToken);

        var broken = await RolloutCli.Run(database, "catalog", "import", file);
        var missing = await RolloutCli.Run(database, "catalog", "import", Path.Combine(database.Folder, "nope.json"));

        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("line 3", broken.Error, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no such file", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_writes_a_file_that_imports_back_to_the_same_catalog()
    {
        await RolloutCli.Run(database, "catalog", "import", Demo);
        var first = Path.Combine(database.Folder, "first.json");

        var exported = await RolloutCli.Run(database, "catalog", "export", "--output", first);
        var reimported = await RolloutCli.Run(database, "catalog", "import", first);
        var second = await RolloutCli.Run(database, "catalog", "export");

        Assert.Equal(0, exported.ExitCode);
        Assert.Equal(0, reimported.ExitCode);
        Assert.Equal((await File.ReadAllTextAsync(first, TestContext.Current.CancellationToken)).TrimEnd(), second.Out.TrimEnd());
    }

    [Fact]
    public async Task Prices_import_under_the_cap_and_the_report_shows_every_listed_variant()
    {
        await RolloutCli.Run(database, "catalog", "import", Demo);

        var imported = await RolloutCli.Run(database, "prices", "import", Path.Combine(AppContext.BaseDirectory, "european-tour-prices.json"));
        var report = await RolloutCli.Run(database, "prices", "report", "--market", "ES");

        Assert.Equal(0, imported.ExitCode);
        Assert.Contains("42 landed costs, 62 prices", imported.Out, StringComparison.Ordinal);
        Assert.Equal(0, report.ExitCode);
        Assert.Matches(@"es-online\s+NOVA8P-BLK-256\s+\d+\.\d\d\s+\d+\.\d\d\s+\d+\.\d\d\s+\d+\.\d\d\s+\d\.\d\d %", report.Out);
        Assert.Contains("21 rows, none flagged.", report.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_price_file_over_the_cap_exits_non_zero_and_imports_nothing()
    {
        await RolloutCli.Run(database, "catalog", "import", Demo);
        var file = Path.Combine(database.Folder, "greedy.json");
        var demo = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "european-tour-prices.json"), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(file, demo.Replace("\"amount\": 679.99", "\"amount\": 1679.99", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var imported = await RolloutCli.Run(database, "prices", "import", file);
        var report = await RolloutCli.Run(database, "prices", "report", "--market", "ES");

        Assert.Equal(1, imported.ExitCode);
        Assert.Contains("amount: line", imported.Error, StringComparison.Ordinal);
        Assert.Contains("above the 5.00 % cap", imported.Error, StringComparison.Ordinal);
        Assert.Contains("highest allowed price", imported.Error, StringComparison.Ordinal);
        Assert.Contains("no-price", report.Out, StringComparison.Ordinal);
        Assert.Contains("no-cost", report.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stock_and_order_commands_name_an_unknown_location_or_state_and_exit_non_zero()
    {
        await RolloutCli.Run(database, "catalog", "import", Demo);
        var received = await RolloutCli.Run(database, "stock", "receive", "--sku", "HUB-WHT", "--location", "nowhere", "--quantity", "5");
        var orders = await RolloutCli.Run(database, "orders", "list", "--status", "shipped-yesterday");

        Assert.Equal(1, received.ExitCode);
        Assert.Contains("location: There is no stock location 'nowhere'.", received.Error, StringComparison.Ordinal);
        Assert.Equal(1, orders.ExitCode);
        Assert.Contains("--status: 'shipped-yesterday' is not an order state", orders.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_are_added_with_known_roles_only()
    {
        var added = await RolloutCli.Run(database, "staff", "add", "--email", "cm@test.local", "--password", "Catalog-Pass-1", "--role", "catalog-manager");
        var refused = await RolloutCli.Run(database, "staff", "add", "--email", "x@test.local", "--password", "Catalog-Pass-1", "--role", "boss");

        Assert.Equal(0, added.ExitCode);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("roles: 'boss' is not a role", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_keys_are_issued_once_listed_without_secrets_revoked_and_never_wider_than_the_account()
    {
        await RolloutCli.Run(database, "staff", "add", "--email", "prices@test.local", "--password", "Pricing-Pass-12", "--role", "pricing-manager");

        var issued = await RolloutCli.Run(database, "staff", "keys", "issue", "--email", "prices@test.local", "--name", "nightly price import", "--role", "pricing-manager");
        var wider = await RolloutCli.Run(database, "staff", "keys", "issue", "--email", "prices@test.local", "--name", "too wide", "--role", "admin");
        var id = issued.Out.Trim()["sk_".Length..].Split('.')[0];
        var listed = await RolloutCli.Run(database, "staff", "keys", "list", "--email", "prices@test.local");
        var revoked = await RolloutCli.Run(database, "staff", "keys", "revoke", "--email", "prices@test.local", id);
        var after = await RolloutCli.Run(database, "staff", "keys", "list", "--email", "prices@test.local");

        Assert.Equal(0, issued.ExitCode);
        Assert.Matches("^sk_[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$", issued.Out.Trim());
        Assert.Contains("not shown again", issued.Error, StringComparison.Ordinal);
        Assert.Equal(1, wider.ExitCode);
        Assert.Contains("roles: 'admin' is not one of prices@test.local's roles", wider.Error, StringComparison.Ordinal);
        Assert.Contains("nightly price import", listed.Out, StringComparison.Ordinal);
        Assert.Contains("works", listed.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(issued.Out.Trim().Split('.')[1], listed.Out, StringComparison.Ordinal);
        Assert.Equal(0, revoked.ExitCode);
        Assert.Contains("revoked", after.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rehearse_runs_a_launch_against_the_server_and_reports_every_check_read_back_from_the_database()
    {
        using var server = await ServerProcess.Start(database);
        var admin = await server.Admin();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await admin.GetAsync("/api/markets/ES", TestContext.Current.CancellationToken)).StatusCode);
        var report = Path.Combine(database.Folder, "rehearsal.json");

        // The script acts with a key an admin issued (printed once on stdout), never with a password.
        await RolloutCli.Run(database, "staff", "add", "--email", "launches@test.local", "--password", "Launch-Pass-12", "--role", "launch-manager", "inventory-manager");
        var issued = await RolloutCli.Run(database, "staff", "keys", "issue", "--email", "launches@test.local", "--name", "rehearsal", "--role", "launch-manager", "inventory-manager", "--days", "1");
        Assert.True(issued.ExitCode == 0, issued.Error);
        var key = issued.Out.Trim();

        var run = await RolloutCli.Run(database, "rehearse", "--server", server.Address.ToString(), "--key", key,
            "--units", "60", "--customers", "30", "--attempts", "3", "--limit", "2", "--json", report);
        var refused = await RolloutCli.Run(database, "rehearse", "--server", server.Address.ToString(), "--key", key, "--units", "0");
        var noKey = await RolloutCli.Run(database, "rehearse", "--server", server.Address.ToString(), "--key", "not-a-key");

        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.Contains("PASS", run.Out, StringComparison.Ordinal);
        Assert.Contains("units sold      60 of 60", run.Out, StringComparison.Ordinal); // 30 customers, 2 each: the whole stock.
        var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(60, json.GetProperty("outcomes").GetProperty("won").GetInt32());
        Assert.Equal(0, json.GetProperty("oversold").GetInt32());
        Assert.Equal(0, json.GetProperty("lostAcknowledged").GetInt32());
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--units", refused.Error, StringComparison.Ordinal);
        Assert.Equal(1, noKey.ExitCode);
        Assert.Contains("--key", noKey.Error, StringComparison.Ordinal);
    }
}

public sealed class SqliteCliTests() : CliTests(StorageProvider.Sqlite);

public sealed class PostgresCliTests() : CliTests(StorageProvider.Postgres);
