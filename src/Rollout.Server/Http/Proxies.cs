using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Rollout.Server.Http;

/// <summary>
/// Behind a reverse proxy: <c>X-Forwarded-For</c> (the client's address, which rate limits count by) and
/// <c>X-Forwarded-Proto</c> (whether the client used HTTPS, which HSTS and cookies follow) are believed only from the
/// proxies named in <c>Rollout:Proxies:KnownProxies</c> (addresses) and <c>Rollout:Proxies:KnownNetworks</c> (CIDR
/// ranges). With neither set, the headers are ignored: anyone can send them.
/// </summary>
public static class Proxies
{
    public const string KnownProxiesKey = "Rollout:Proxies:KnownProxies";
    public const string KnownNetworksKey = "Rollout:Proxies:KnownNetworks";

    /// <summary>The trusted proxies and networks; each setting is a list (<c>…:0</c>, <c>…:1</c>) or one value separated by commas.</summary>
    public static (IReadOnlyList<IPAddress> Proxies, IReadOnlyList<System.Net.IPNetwork> Networks) Read(IConfiguration configuration)
    {
        var proxies = Values(configuration, KnownProxiesKey).Select(v => IPAddress.TryParse(v, out var address)
            ? address
            : throw new InvalidOperationException($"{KnownProxiesKey} has '{v}', which is not an IP address (e.g. 10.0.0.5 or fd00::5).")).ToList();
        var networks = Values(configuration, KnownNetworksKey).Select(v => System.Net.IPNetwork.TryParse(v, out var network)
            ? network
            : throw new InvalidOperationException($"{KnownNetworksKey} has '{v}', which is not a network in CIDR notation (e.g. 10.0.0.0/8).")).ToList();
        return (proxies, networks);
    }

    public static IServiceCollection AddProxies(IServiceCollection services, IConfiguration configuration)
    {
        var (proxies, networks) = Read(configuration);
        // PostConfigure, so that ASPNETCORE_FORWARDEDHEADERS_ENABLED (which would trust every sender) cannot widen this.
        services.PostConfigure<ForwardedHeadersOptions>(o =>
        {
            o.KnownProxies.Clear(); // The defaults trust loopback, which is every local process.
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(proxy);
            }

            foreach (var network in networks)
            {
                o.KnownIPNetworks.Add(network);
            }

            // With no list the middleware would trust anyone: then it reads nothing. With lists, each hop is read from
            // right to left while the sender is trusted, so a client cannot put an address of its choosing first.
            o.ForwardedHeaders = proxies.Count + networks.Count > 0 ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
            o.ForwardLimit = null;
        });
        return services;
    }

    /// <summary>Reads the forwarded headers first, so everything after sees the client's address and scheme.</summary>
    public static void UseProxies(WebApplication app) => app.UseForwardedHeaders();

    private static IEnumerable<string> Values(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var values = section.Value is { Length: > 0 } single ? [single] : section.GetChildren().Select(c => c.Value ?? "");
        return values.SelectMany(v => v.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
