using Rollout.Identity;
using Rollout.Markets;

namespace Rollout.Server.Http;

/// <summary>
/// The links that account e-mails carry: the site's public address from <c>Rollout:PublicUrl</c> (by default
/// <see cref="RolloutServer.DefaultUrl"/>), never the request's Host header, which whoever asks for a password reset
/// chooses (a reset link to their own host would hand them the token), and the storefront page and language of a market.
/// </summary>
public sealed class MailLinks(Uri site)
{
    public const string Setting = "Rollout:PublicUrl";

    public Uri Site => site;

    public static MailLinks From(IConfiguration configuration)
    {
        var text = configuration[Setting] is { Length: > 0 } configured ? configured : RolloutServer.DefaultUrl;
        return Uri.TryCreate(text, UriKind.Absolute, out var site) && (site.Scheme == Uri.UriSchemeHttps || site.Scheme == Uri.UriSchemeHttp)
            ? new MailLinks(site)
            : throw new InvalidOperationException($"{Setting} must be the site's address, such as https://shop.example.com, not '{text}'.");
    }

    /// <summary>The links to the storefront of <paramref name="market"/>; without one, of the first live market by code (else the first).</summary>
    public async Task<Result<AccountLinks>> For(string? market, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        if (market is not null)
        {
            var found = await GetMarkets.Find(market, db, ct);
            return found.IsSuccess
                ? new AccountLinks(site, found.Value.Code.Value, found.Value.Language)
                : Error.Invalid("market", "market.unknown", $"'{market}' is not a market of this shop (the storefront the link opens, such as FR).");
        }

        var all = await GetMarkets.All(db, clock, ct);
        var first = all.FirstOrDefault(m => m.Status == "live") ?? (all.Count > 0 ? all[0] : null);
        return first is null
            ? Error.Conflict("market.none", "This shop has no market yet, so an e-mail has no storefront to link to.")
            : new AccountLinks(site, first.Code, first.Locales.Count > 0 ? first.Locales[0].Split('-')[0] : "en");
    }
}
