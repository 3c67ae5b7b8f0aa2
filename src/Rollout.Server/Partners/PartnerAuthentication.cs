using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Rollout.Identity;

namespace Rollout.Partners;

/// <summary>
/// The partner API's sign-in: <c>Authorization: Partner {id}.{secret}</c>, checked against the key's stored hash, gives a
/// principal that carries only the partner's code. Partner endpoints read that code and filter everything by it.
/// </summary>
public sealed class PartnerAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, RolloutDb db)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string PartnerScheme = StaffAuthentication.PartnerScheme;
    private const string Claim = StaffAuthentication.PartnerClaim;

    public static void AddPartnerKeys(IServiceCollection services) =>
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, PartnerAuthentication>(PartnerScheme, null);

    private static bool Presents(HttpRequest request) => request.Headers.Authorization.ToString().StartsWith(PartnerScheme + " ", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Presents(Request))
        {
            return AuthenticateResult.NoResult();
        }

        var partner = await Partners.Authenticate(Request.Headers.Authorization.ToString()[(PartnerScheme.Length + 1)..].Trim(), db, Context.RequestAborted);
        if (partner is not { } code)
        {
            return AuthenticateResult.Fail("Unknown, wrong or revoked partner key.");
        }

        var identity = new ClaimsIdentity([new Claim(Claim, code.Value), new Claim(ClaimTypes.Name, $"partner:{code.Value}")], PartnerScheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), PartnerScheme));
    }
}
