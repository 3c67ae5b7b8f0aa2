using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Rollout.Identity;

/// <summary>
/// Scripts sign in with a key an admin issued: <c>Authorization: StaffKey sk_{id}.{secret}</c>. Each request reads the
/// key and its account from the database (scripts are few, and a revoked key must stop at once), and the principal
/// holds only the key's roles that the account still has.
/// </summary>
public sealed class StaffKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, RolloutDb db, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string KeyScheme = "StaffKey";

    /// <summary>The claim naming the key a request signed in with.</summary>
    public const string KeyClaim = "rollout:key";

    public static void AddStaffKeys(IServiceCollection services) =>
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, StaffKeyAuthentication>(KeyScheme, null);

    public static bool Presents(HttpRequest request) => request.Headers.Authorization.ToString().StartsWith(KeyScheme + " ", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Presents(Request))
        {
            return AuthenticateResult.NoResult();
        }

        var holder = await CheckApiKey.Handle(Request.Headers.Authorization.ToString()[(KeyScheme.Length + 1)..].Trim(), db, clock, Context.RequestAborted);
        if (holder is null)
        {
            return AuthenticateResult.Fail("Unknown, wrong, expired or revoked staff key, or its account is disabled.");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, holder.UserId), new Claim(ClaimTypes.Name, holder.Email), new Claim(ClaimTypes.Email, holder.Email), new Claim(KeyClaim, holder.KeyId),
             .. holder.Roles.Select(r => new Claim(ClaimTypes.Role, r))],
            KeyScheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), KeyScheme));
    }
}
