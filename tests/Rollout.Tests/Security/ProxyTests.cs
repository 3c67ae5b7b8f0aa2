using System.Net;
using Microsoft.Extensions.Configuration;
using Rollout.Server.Http;
using Rollout.Storage;

namespace Rollout.Tests.Security;

/// <summary>
/// Issue 14: behind a reverse proxy, X-Forwarded-For and X-Forwarded-Proto count only when they come from a configured
/// proxy or network. Proved on a real Kestrel server (the test connects from 127.0.0.1) through the public warranty
/// check, which allows each client address one lookup a minute here.
/// </summary>
public sealed class ProxyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A Kestrel server with these proxy settings, and the statuses of warranty lookups as from each of <paramref name="clients"/>.</summary>
    private static async Task<HttpStatusCode[]> LookupsFrom(Dictionary<string, string> settings, params string[] clients)
    {
        settings["Rollout:Limits:PublicLookupsPerMinute"] = "1";
        await using var database = await TestDatabase.Create(StorageProvider.Sqlite);
        await using var app = RolloutApp.Start(database, loadDemo: false, kestrel: true, settings: settings);
        using var http = new HttpClient { BaseAddress = app.Address };
        var statuses = new List<HttpStatusCode>();
        foreach (var client in clients)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/warranty/{Shop.NewImei()}");
            request.Headers.Add("X-Forwarded-For", client);
            statuses.Add((await http.SendAsync(request, Ct)).StatusCode);
        }

        return [.. statuses];
    }

    [Fact]
    public async Task From_a_known_proxy_each_forwarded_address_is_a_client_of_its_own()
    {
        var statuses = await LookupsFrom(new() { ["Rollout:Proxies:KnownProxies:0"] = "127.0.0.1" }, "203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.1");

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task From_a_known_network_each_forwarded_address_is_a_client_of_its_own()
    {
        var statuses = await LookupsFrom(new() { ["Rollout:Proxies:KnownNetworks"] = "10.0.0.0/8, 127.0.0.0/8" }, "203.0.113.1", "203.0.113.2");

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound], statuses);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // ASPNETCORE_FORWARDEDHEADERS_ENABLED would trust any sender; it cannot widen Rollout:Proxies.
    public async Task Without_configured_proxies_the_header_is_ignored(bool forwardedHeadersEnabled)
    {
        var settings = forwardedHeadersEnabled ? new Dictionary<string, string> { ["FORWARDEDHEADERS_ENABLED"] = "true" } : [];
        var statuses = await LookupsFrom(settings, "203.0.113.1", "203.0.113.2");

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task From_an_address_that_is_not_a_known_proxy_the_header_is_ignored()
    {
        var statuses = await LookupsFrom(new() { ["Rollout:Proxies:KnownProxies:0"] = "192.0.2.10", ["Rollout:Proxies:KnownNetworks:0"] = "10.0.0.0/8" }, "203.0.113.1", "203.0.113.2");

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task A_client_cannot_choose_its_address_by_sending_its_own_header_through_the_proxy()
    {
        // The proxy appends the address it saw: what the client put before it is not believed, as it is not a proxy.
        var statuses = await LookupsFrom(new() { ["Rollout:Proxies:KnownProxies:0"] = "127.0.0.1" }, "198.51.100.7, 203.0.113.1", "198.51.100.8, 203.0.113.1");

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("192.0.2.10", false)]
    public async Task HTTPS_ended_at_a_known_proxy_counts_as_HTTPS(string proxy, bool believed)
    {
        await using var database = await TestDatabase.Create(StorageProvider.Sqlite);
        await using var app = RolloutApp.Start(database, loadDemo: false, kestrel: true, settings: new Dictionary<string, string> { ["Rollout:Proxies:KnownProxies"] = proxy });
        using var http = new HttpClient { BaseAddress = app.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/markets");
        request.Headers.Host = "shop.example"; // HSTS is never sent for localhost
        request.Headers.Add("X-Forwarded-For", "203.0.113.1");
        request.Headers.Add("X-Forwarded-Proto", "https");

        var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(believed, response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public void A_setting_that_is_not_an_address_or_network_stops_the_server_with_its_name()
    {
        static void Read(string key, string value) => Proxies.Read(new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build());

        Assert.Contains(Proxies.KnownProxiesKey, Assert.Throws<InvalidOperationException>(() => Read(Proxies.KnownProxiesKey, "proxy.internal")).Message, StringComparison.Ordinal);
        Assert.Contains(Proxies.KnownNetworksKey, Assert.Throws<InvalidOperationException>(() => Read(Proxies.KnownNetworksKey, "10.0.0.0/33")).Message, StringComparison.Ordinal);
    }
}
