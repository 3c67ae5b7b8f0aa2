using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rollout.Storage;

namespace Rollout.Tests.Security;

/// <summary>
/// Issue 14: the content security policy in a real browser (Debian's Chromium): the pages' scripts still run, the API
/// reference still draws, nothing the pages need is blocked, and a script injected into a page is.
/// </summary>
public sealed partial class ContentPolicyBrowserTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private RolloutApp app = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.Create(StorageProvider.Sqlite, TestData.Demo);
        app = RolloutApp.Start(database, kestrel: true);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
        await app.DisposeAsync();
        await database.DisposeAsync();
    }

    /// <summary>A page whose console messages about the content security policy are kept in <paramref name="violations"/>.</summary>
    private async Task<IPage> Open(string path, List<string> violations)
    {
        var page = await browser.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Add($"{page.Url}: {message.Text}");
            }
        };
        await page.GotoAsync(new Uri(app.Address!, path).ToString());
        return page;
    }

    [Fact]
    public async Task The_storefront_runs_its_scripts_under_the_policy_without_a_violation()
    {
        await LaunchNight.Create(app);
        var violations = new List<string>();

        var launch = await Open($"/es/launches/{LaunchNight.Launch}", violations);
        var clock = launch.Locator("section.sale .countdown .clock").First;
        await Assertions.Expect(clock).ToHaveTextAsync(ClockText()); // launch.js counts down
        var shown = await clock.TextContentAsync();
        await Assertions.Expect(clock).Not.ToHaveTextAsync(shown!); // and keeps ticking
        var spain = await Open("/es/p/nova-8-pro", violations);
        await Assertions.Expect(spain.Locator("h1")).ToContainTextAsync("Nova 8 Pro");

        Assert.Empty(violations);
    }

    [Fact]
    public async Task The_console_runs_its_scripts_under_the_policy_without_a_violation()
    {
        await LaunchNight.Create(app);
        var violations = new List<string>();
        var page = await Open("/admin/login", violations);
        await page.FillAsync("input[name=email]", RolloutApp.AdminEmail);
        await page.FillAsync("input[name=password]", RolloutApp.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Overview");

        await page.GotoAsync(new Uri(app.Address!, "/admin/pricing").ToString());
        await page.SelectOptionAsync("select[name=market]", "GB"); // site.js submits the form on a change
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("market=GB"));
        await Assertions.Expect(page.Locator("table.margins")).ToContainTextAsync("trio-mobile");
        await Assertions.Expect(page.Locator("td.gauge svg rect").First).ToHaveAttributeAsync("width", new Regex(@"^\d"));

        await page.GotoAsync(new Uri(app.Address!, $"/admin/launches/{LaunchNight.Sale}").ToString());
        var refreshed = page.WaitForResponseAsync(r => r.Url.Contains("handler=Panel", StringComparison.Ordinal)); // sale.js refreshes the panel
        await refreshed;
        await page.GotoAsync(new Uri(app.Address!, "/admin/partners").ToString());
        await page.GotoAsync(new Uri(app.Address!, "/admin/support").ToString());

        Assert.Empty(violations);
    }

    [Fact]
    public async Task The_API_reference_draws_the_API_under_its_own_policy()
    {
        var violations = new List<string>();
        var page = await Open("/api/reference/", violations);

        // Scalar draws the reference from the OpenAPI document after the page loads: on a busy two-core machine that takes seconds.
        await Assertions.Expect(page.GetByText("Is the server up and its database reachable?").First).ToBeVisibleAsync(new() { Timeout = 30_000 });

        Assert.Empty(violations);
    }

    [Fact]
    public async Task A_script_injected_into_a_page_is_refused()
    {
        var violations = new List<string>();
        var page = await Open("/es", violations);

        var refused = page.WaitForConsoleMessageAsync(new PageWaitForConsoleMessageOptions { Predicate = m => m.Text.Contains("Content Security Policy", StringComparison.Ordinal) });
        await page.EvaluateAsync("""
            () => {
                const script = document.createElement('script');
                script.textContent = 'window.injected = "script";';
                document.body.appendChild(script);
                const div = document.createElement('div');
                div.innerHTML = '<img id="probe" src="/nothing.png" onerror="window.injected = \'handler\'">';
                document.body.appendChild(div);
            }
            """);
        await refused;
        await page.WaitForFunctionAsync("() => document.getElementById('probe').complete");

        Assert.Null(await page.EvaluateAsync<string?>("() => window.injected ?? null"));
        Assert.NotEmpty(violations);
    }

    [GeneratedRegex(@"\d\d:\d\d:\d\d$")]
    private static partial Regex ClockText();
}
