using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Rollout.Storage;

namespace Rollout.Tests.Storage;

/// <summary>
/// Issue 15, the parts that stand today: servers of one PostgreSQL database share the key ring (a token one issued is
/// good on another); a second server on one SQLite file is refused at start with a message that says why; a server
/// reports ready to a load balancer only once it is prepared, and not ready once it is stopping.
/// </summary>
public sealed class SeveralServersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Token(string AccessToken);

    private sealed record Ready(string Status);

    [Fact]
    public async Task A_token_issued_by_one_server_is_good_on_another_of_the_same_database()
    {
        await using var database = await TestDatabase.Create(StorageProvider.Postgres);
        await using var first = RolloutApp.Start(database, loadDemo: false);
        await using var second = RolloutApp.Start(database, loadDemo: false);

        var issued = await first.CreateClient().PostAsJsonAsync("/api/auth/token", new { email = RolloutApp.AdminEmail, password = RolloutApp.AdminPassword }, Ct);
        var token = await issued.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Token>(Ct);
        using var elsewhere = second.CreateClient();
        elsewhere.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);

        var staff = await elsewhere.GetAsync("/api/staff", Ct);

        Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
        Assert.Contains(RolloutApp.AdminEmail, await staff.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_server_on_one_SQLite_file_is_refused_at_start_and_one_may_start_once_the_first_stopped()
    {
        await using var database = await TestDatabase.Create(StorageProvider.Sqlite);
        var first = RolloutApp.Start(database, loadDemo: false);
        first.CreateClient().Dispose();

        await using (var second = RolloutApp.Start(database, loadDemo: false))
        {
            var refused = Assert.ThrowsAny<Exception>(() => second.CreateClient());
            var message = refused.ToString(); // With its inner exceptions.
            Assert.Contains("Another Rollout server is already serving the SQLite database", message, StringComparison.Ordinal);
            Assert.Contains("PostgreSQL", message, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await first.CreateClient().GetAsync("/health/ready", Ct)).StatusCode); // The first serves on, untouched.
        await first.DisposeAsync();

        await using var third = RolloutApp.Start(database, loadDemo: false);
        Assert.Equal(HttpStatusCode.OK, (await third.CreateClient().GetAsync("/health/ready", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_server_is_ready_once_prepared_and_not_ready_once_it_is_stopping()
    {
        await using var database = await TestDatabase.Create(StorageProvider.Sqlite);
        // Stopping, the server says "not ready" at once and goes on serving for the drain time, so the balancer can notice.
        await using var app = RolloutApp.Start(database, loadDemo: false, settings: new Dictionary<string, string> { ["Rollout:Server:DrainSeconds"] = "3" });
        using var client = app.CreateClient();

        var ready = await client.GetAsync("/health/ready", Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", (await ready.Content.ReadFromJsonAsync<Ready>(Ct))!.Status);

        var lifetime = (Microsoft.Extensions.Hosting.IHostApplicationLifetime)app.Services.GetService(typeof(Microsoft.Extensions.Hosting.IHostApplicationLifetime))!;
        var stopping = Task.Run(lifetime.StopApplication, Ct); // Runs the host's stopping callbacks, the drain among them.
        while (!lifetime.ApplicationStopping.IsCancellationRequested)
        {
            await Task.Delay(10, Ct);
        }

        var draining = await client.GetAsync("/health/ready", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, draining.StatusCode);
        Assert.Contains("draining", await draining.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await stopping;
    }
}
