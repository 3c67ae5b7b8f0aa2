using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Rollout.Identity;

/// <summary>
/// What a session gives the client: a bearer token and a refresh token for the API, or the console's and storefront's
/// cookie. Each carries the account's claims (its security stamp among them) and the session's id, and none outlives
/// the session.
/// </summary>
public static class SessionTickets
{
    /// <summary>The API's answer to a sign-in or a refresh (the shape of ASP.NET Core's <see cref="AccessTokenResponse"/>).</summary>
    public static async Task<AccessTokenResponse> Bearer(RolloutUser user, Session session, string refreshToken, HttpContext http)
    {
        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var sessionEnds = new DateTimeOffset(DateTime.SpecifyKind(session.ExpiresAt, DateTimeKind.Utc));
        var expires = now + options.BearerTokenExpiration < sessionEnds ? now + options.BearerTokenExpiration : sessionEnds;
        var principal = await Principal(user, session, services.GetRequiredService<SignInManager<RolloutUser>>());
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = expires }, IdentityConstants.BearerScheme);
        return new AccessTokenResponse
        {
            AccessToken = options.BearerTokenProtector.Protect(ticket),
            ExpiresIn = (long)Math.Max(0, (expires - now).TotalSeconds),
            RefreshToken = refreshToken,
        };
    }

    /// <summary>Signs the browser in with a cookie that names the session and ends with it.</summary>
    public static Task Cookie(RolloutUser user, Session session, bool persistent, SignInManager<RolloutUser> signIn)
    {
        signIn.AuthenticationScheme = IdentityConstants.ApplicationScheme;
        return signIn.SignInWithClaimsAsync(
            user,
            new AuthenticationProperties { IsPersistent = persistent, ExpiresUtc = new DateTimeOffset(DateTime.SpecifyKind(session.ExpiresAt, DateTimeKind.Utc)), AllowRefresh = false },
            [new Claim(StaffAuthentication.SessionClaim, session.Id), .. EmailClaims(user)]);
    }

    private static async Task<ClaimsPrincipal> Principal(RolloutUser user, Session session, SignInManager<RolloutUser> signIn)
    {
        var principal = await signIn.CreateUserPrincipalAsync(user);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(StaffAuthentication.SessionClaim, session.Id));
        ((ClaimsIdentity)principal.Identity!).AddClaims(EmailClaims(user));
        return principal;
    }

    private static Claim[] EmailClaims(RolloutUser user) => user.EmailConfirmed ? [new Claim(StaffAuthentication.EmailConfirmedClaim, "true")] : [];
}
