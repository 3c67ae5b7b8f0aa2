using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.CookiePolicy;

namespace Rollout.Server.Http;

/// <summary>
/// How every cookie Rollout sets is made (docs/decisions/0013-https-and-cookies.md): <c>SameSite</c> always stated;
/// <c>Secure</c> on HTTPS requests, or always when the server is public over HTTPS (<see cref="HttpsOnly"/>); and then
/// also the <c>__Host-</c> prefix (Secure, <c>Path=/</c>, no <c>Domain</c>), so that no sibling subdomain and no
/// plain-HTTP page can plant or overwrite them. Plain-HTTP <c>dotnet run</c> on localhost keeps working, unprefixed.
/// </summary>
public sealed class SiteCookies(bool httpsOnly)
{
    public const string HostPrefix = "__Host-";

    /// <summary>The staff console's and the storefront customer's sign-in cookie (one Identity cookie for both).</summary>
    public const string SignIn = "rollout.auth";

    public const string Antiforgery = "rollout.antiforgery";

    /// <summary>Whether the server is reached over HTTPS only, so cookies are Secure and <c>__Host-</c> prefixed.</summary>
    public bool HttpsOnly => httpsOnly;

    public CookieSecurePolicy SecurePolicy => httpsOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;

    /// <summary>The name a cookie goes by: <c>__Host-</c> prefixed when the server is HTTPS only.</summary>
    public string Name(string name) => httpsOnly ? HostPrefix + name : name;

    /// <summary>The options of a cookie the application writes itself (the storefront's cart).</summary>
    public CookieOptions Options(HttpContext context, SameSiteMode sameSite = SameSiteMode.Lax) => new()
    {
        HttpOnly = true,
        IsEssential = true,
        SameSite = sameSite,
        Path = "/",
        Secure = httpsOnly || context.Request.IsHttps,
    };

    /// <summary>
    /// Whether the server is public over HTTPS: <c>Rollout:HttpsOnly</c> when set (behind a proxy that ends TLS, say
    /// true); otherwise true when the server itself listens on an https:// address (<c>urls</c>, <c>https_ports</c> or a
    /// <c>Kestrel:Endpoints:…:Url</c>).
    /// </summary>
    public static bool IsHttpsOnly(IConfiguration configuration)
    {
        if (configuration["Rollout:HttpsOnly"] is { Length: > 0 } setting)
        {
            return bool.TryParse(setting, out var value)
                ? value
                : throw new InvalidOperationException($"Rollout:HttpsOnly is '{setting}'; use true or false.");
        }

        static bool Https(string? url) => url?.Split(';', StringSplitOptions.TrimEntries).Any(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) == true;
        return Https(configuration["urls"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any(endpoint => Https(endpoint["Url"]));
    }

    /// <summary>Applies the rules to the sign-in cookies, the antiforgery cookie, and (as a backstop) any other cookie.</summary>
    public static IServiceCollection AddSiteCookies(IServiceCollection services, IConfiguration configuration)
    {
        var cookies = new SiteCookies(IsHttpsOnly(configuration));
        services.AddSingleton(cookies);
        services.PostConfigureAll<CookieAuthenticationOptions>(o =>
        {
            o.Cookie.Name = cookies.Name(o.Cookie.Name ?? CookieAuthenticationDefaults.CookiePrefix + "auth");
            o.Cookie.SecurePolicy = cookies.SecurePolicy;
            o.Cookie.SameSite = SameSiteMode.Lax; // Strict would show a customer signed out when they follow a link to their order.
            o.Cookie.HttpOnly = true;
            o.Cookie.Path = "/";
            o.Cookie.Domain = null;
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = cookies.Name(Antiforgery);
            o.Cookie.SecurePolicy = cookies.SecurePolicy;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.Path = "/";
        });
        services.Configure<CookiePolicyOptions>(o =>
        {
            o.MinimumSameSitePolicy = SameSiteMode.Lax;
            o.Secure = cookies.SecurePolicy;
            o.HttpOnly = HttpOnlyPolicy.Always; // No script of ours reads a cookie.
        });
        return services;
    }
}
