using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Rollout.Server.Http;

namespace Rollout.Identity;

public sealed record TokenRequest(string? Email, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

/// <summary>
/// The staff door (<c>/api/auth/token</c>), refresh and sign-out for every session, one's own password, and the
/// admins' staff management (<c>/api/staff</c>). Customers sign in at their own door, <c>/api/customers/token</c>.
/// </summary>
public static class IdentityEndpoints
{
    public static void MapStaffIdentity(this WebApplication app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Staff");
        auth.MapPost("/token", Token)
            .Limited(RateLimits.SignIn)
            .AllowAnonymous().WithName("GetStaffToken")
            .WithSummary("Exchanges a staff e-mail and password for a bearer token and a refresh token (the staff door; customers use POST /api/customers/token).")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        auth.MapPost("/refresh", Refresh)
            .Limited(RateLimits.SignIn)
            .AllowAnonymous().WithName("RefreshToken")
            .WithSummary("Exchanges a refresh token for a new bearer token and a new refresh token; the old one stops working, and using it again ends the session.")
            .ProducesProblems(StatusCodes.Status401Unauthorized);

        auth.MapPost("/sign-out", SignOut)
            .RequireAuthorization()
            .WithName("SignOut")
            .WithSummary("Ends the session of the bearer token sent: the token, its refresh tokens and any copy of them stop working.")
            .ProducesProblems(StatusCodes.Status401Unauthorized);

        auth.MapPost("/password", ChangePassword)
            .Limited(RateLimits.SignIn) // It checks a password: as limited as signing in.
            .AllowAnonymous().WithName("ChangeOwnPassword")
            .WithSummary("A member of staff changes their own password, giving the current one (also when sign-in says a new password is needed); every session of the account ends.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        var staff = app.MapGroup("/api/staff").WithTags("Staff").RequireAuthorization(StaffAuthentication.Admin);
        staff.MapGet("/", List)
            .WithName("ListStaff")
            .WithSummary("Staff accounts by e-mail with their roles and state, a page at a time (?page=1&pageSize=50; admin only).")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        staff.MapPost("/", Add)
            .WithName("AddStaff")
            .WithSummary("Creates a staff account with roles (admin only).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        staff.MapPatch("/{email}", Change)
            .WithName("ChangeStaff")
            .WithSummary("Changes a staff account's roles ({\"roles\":[...]}) or disables or enables it ({\"disabled\":true}); its sessions end at once. The last enabled admin stays one (409; admin only).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        staff.MapPut("/{email}/password", SetPassword)
            .WithName("SetStaffPassword")
            .WithSummary("Sets a staff member's password (to be changed at their next sign-in unless mustChange is false) and lifts a lockout; their sessions end (admin only).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<AccessTokenResponse>, ProblemHttpResult>> Token(
        TokenRequest request, HttpContext http, UserManager<RolloutUser> users, RolloutDb db, SessionSettings settings, TimeProvider clock, RateLimits limits) =>
        limits.RefuseSignIn(http, request.Email) is { } refused ? refused : await SignInAt(Door.Staff, request, http, users, db, settings, clock);

    /// <summary>A door of the API: the password checked at <paramref name="door"/>, then a session with its tokens.</summary>
    internal static async Task<Results<Ok<AccessTokenResponse>, ProblemHttpResult>> SignInAt(
        Door door, TokenRequest request, HttpContext http, UserManager<RolloutUser> users, RolloutDb db, SessionSettings settings, TimeProvider clock)
    {
        var user = await SignInAtDoor.Handle(door, request.Email, request.Password, users);
        if (!user.IsSuccess)
        {
            return user.Error.ToProblem();
        }

        var (session, refresh) = await StartSession.Handle(user.Value, door, withRefreshToken: true, users, db, settings, clock, http.RequestAborted);
        return TypedResults.Ok(await SessionTickets.Bearer(user.Value, session, refresh!, http));
    }

    private static async Task<Results<Ok<AccessTokenResponse>, ProblemHttpResult>> Refresh(
        RefreshRequest request, HttpContext http, RolloutDb db, SessionCheck check, TimeProvider clock)
    {
        var refreshed = await RefreshSession.Handle(request.RefreshToken, db, check, clock, http.RequestAborted);
        return refreshed.IsSuccess
            ? TypedResults.Ok(await SessionTickets.Bearer(refreshed.Value.User, refreshed.Value.Session, refreshed.Value.RefreshToken, http))
            : refreshed.Error.ToProblem();
    }

    private static async Task<NoContent> SignOut(ClaimsPrincipal user, RolloutDb db, SessionCheck check, TimeProvider clock, CancellationToken ct)
    {
        if (StaffAuthentication.SessionOf(user) is { } session)
        {
            await EndSession.Handle(session, EndReasons.SignedOut, db, check, clock, ct);
        }

        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangePassword(
        ChangeOwnPasswordRequest request, UserManager<RolloutUser> users, RolloutDb db, SessionCheck check, TimeProvider clock, CancellationToken ct)
    {
        var changed = await ChangeOwnPassword.Handle(request, users, db, check, clock, ct);
        return changed.IsSuccess ? TypedResults.NoContent() : changed.Error.ToProblem();
    }

    private static async Task<Results<Ok<StaffPage>, ProblemHttpResult>> List([FromQuery] int? page, [FromQuery] int? pageSize, RolloutDb db, CancellationToken ct) =>
        (await ListStaff.Handle(page, pageSize, db, ct)).ToOk();

    private static async Task<Results<Created<StaffResponse>, ProblemHttpResult>> Add(AddStaffRequest request, UserManager<RolloutUser> users, RoleManager<IdentityRole> roles) =>
        (await AddStaff.Handle(request, users, roles)).ToCreated(s => $"/api/staff/{s.Email}");

    private static async Task<Results<Ok<StaffMember>, ProblemHttpResult>> Change(
        string email, ChangeStaffRequest request, UserManager<RolloutUser> users, RoleManager<IdentityRole> roles, RolloutDb db, SessionCheck check, TimeProvider clock, CancellationToken ct) =>
        (await ChangeStaff.Handle(email, request, users, roles, db, check, clock, ct)).ToOk();

    private static async Task<Results<Ok<StaffMember>, ProblemHttpResult>> SetPassword(
        string email, SetStaffPasswordRequest request, UserManager<RolloutUser> users, RolloutDb db, SessionCheck check, TimeProvider clock, CancellationToken ct) =>
        (await SetStaffPassword.Handle(email, request, users, db, check, clock, ct)).ToOk();
}
