using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Rollout.Server.Http;

namespace Rollout.Identity;

public sealed record TokenRequest(string? Email, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

public static class IdentityEndpoints
{
    public static void MapStaffIdentity(this WebApplication app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Staff");
        auth.MapPost("/token", Token)
            .Limited(RateLimits.SignIn)
            .AllowAnonymous().WithName("GetStaffToken")
            .WithSummary("Exchanges a staff e-mail and password for a bearer token (and a refresh token). Limited per client address and per account (429 with Retry-After beyond it).")
            .ProducesProblems(StatusCodes.Status401Unauthorized);

        auth.MapPost("/refresh", Refresh)
            .Limited(RateLimits.SignIn)
            .AllowAnonymous().WithName("RefreshStaffToken")
            .WithSummary("Exchanges a refresh token from /api/auth/token for a new bearer token, while the account still exists unchanged.")
            .ProducesProblems(StatusCodes.Status401Unauthorized);

        var staff = app.MapGroup("/api/staff").WithTags("Staff").RequireAuthorization(StaffAuthentication.Admin);
        staff.MapPost("/", Add)
            .WithName("AddStaff")
            .WithSummary("Creates a staff account with roles (admin only).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Token(TokenRequest request, SignInManager<RolloutUser> signIn, RateLimits limits, HttpContext context)
    {
        if (limits.RefuseSignIn(context, request.Email) is { } refused)
        {
            return refused;
        }

        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(request.Email ?? "", request.Password ?? "", isPersistent: false, lockoutOnFailure: true);
        return result.Succeeded
            ? TypedResults.Empty // The bearer handler has written the token response.
            : TypedResults.Problem(
                result.IsLockedOut ? "Too many failed attempts; try again later." : "The e-mail or password is wrong.",
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Sign-in failed.");
    }

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> Refresh(
        RefreshRequest request,
        SignInManager<RolloutUser> signIn,
        IOptionsMonitor<BearerTokenOptions> bearer,
        TimeProvider clock)
    {
        var ticket = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires
            || clock.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
        {
            return TypedResults.Problem("The refresh token is unknown, expired, or its account changed; sign in again.", statusCode: StatusCodes.Status401Unauthorized, title: "Refresh refused.");
        }

        return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static async Task<Results<Created<StaffResponse>, ProblemHttpResult>> Add(AddStaffRequest request, UserManager<RolloutUser> users, RoleManager<IdentityRole> roles) =>
        (await AddStaff.Handle(request, users, roles)).ToCreated(s => $"/api/staff/{s.Email}");
}
