using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Rollout.Server.Http;

namespace Rollout.Identity;

/// <summary>An e-mail and password, and the authenticator's code (or a recovery code) when the account has a second factor on.</summary>
public sealed record TokenRequest(string? Email, string? Password, string? TwoFactorCode = null);

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

        MapSecondFactor(auth, Door.Staff);

        // Not with a key: a leaked admin key must not mint more keys, passwords or admins, nor reset a second factor.
        var staff = app.MapGroup("/api/staff").WithTags("Staff").RequireAuthorization(StaffAuthentication.AdminInPerson);
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
        staff.MapDelete("/{email}/second-factor", ResetFactor)
            .WithName("ResetStaffSecondFactor")
            .WithSummary("Resets a staff member's second factor (a lost phone): off, key and recovery codes forgotten, sessions ended; they enrol again if their role requires it (admin only).")
            .ProducesProblems(StatusCodes.Status404NotFound);
        staff.MapPost("/{email}/keys", IssueKey)
            .WithName("IssueStaffKey")
            .WithSummary("Issues a key for scripts (Authorization: StaffKey sk_….…) with some of the account's roles, for 1 to 365 days (90 by default); the key is in this answer only (admin only).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        staff.MapGet("/{email}/keys", ListKeys)
            .WithName("ListStaffKeys")
            .WithSummary("A staff member's keys, newest first, without secrets (admin only).")
            .ProducesProblems(StatusCodes.Status404NotFound);
        staff.MapDelete("/{email}/keys/{id}", RevokeKey)
            .WithName("RevokeStaffKey")
            .WithSummary("Revokes a staff member's key: its next use is refused (admin only).")
            .ProducesProblems(StatusCodes.Status404NotFound);
    }

    /// <summary>A door's second-factor steps: start (a key for the app), confirm (a code from it), turn off. They prove the password each time, so they are public and limited like signing in.</summary>
    internal static void MapSecondFactor(RouteGroupBuilder door, Door which)
    {
        if (which == Door.Staff)
        {
            MapSecondFactor(door, "Staff", StartStaffFactor, ConfirmStaffFactor, TurnOffStaffFactor);
        }
        else
        {
            MapSecondFactor(door, "Customer", StartCustomerFactor, ConfirmCustomerFactor, TurnOffCustomerFactor);
        }
    }

    private static void MapSecondFactor(RouteGroupBuilder door, string name, Delegate start, Delegate confirm, Delegate off)
    {
        door.MapPost("/second-factor", start)
            .Limited(RateLimits.SignIn)
            .AllowAnonymous().WithName($"Start{name}SecondFactor")
            .WithSummary("Starts turning on a second factor, proving the e-mail and password: a new authenticator key and its otpauth:// address (for a QR code). Nothing changes until confirmed.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict);
        door.MapPost("/second-factor/confirm", confirm)
            .Limited(RateLimits.SignIn)
            .AllowAnonymous().WithName($"Confirm{name}SecondFactor")
            .WithSummary("Turns the second factor on with the e-mail, password and a code from the authenticator; answers ten recovery codes, shown once. Every session of the account ends.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict);
        door.MapPost("/second-factor/off", off)
            .Limited(RateLimits.SignIn)
            .AllowAnonymous().WithName($"TurnOff{name}SecondFactor")
            .WithSummary("Turns the second factor off with the e-mail, password and a current code; refused when the account's role requires one.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict);
    }

    private static Task<Results<Ok<AuthenticatorSetup>, ProblemHttpResult>> StartStaffFactor(
        SecondFactorRequest request, UserManager<RolloutUser> users, SecondFactorSettings factors, HttpContext http, RateLimits limits) =>
        StartFactor(Door.Staff, request, users, factors, http, limits);

    private static Task<Results<Ok<AuthenticatorSetup>, ProblemHttpResult>> StartCustomerFactor(
        SecondFactorRequest request, UserManager<RolloutUser> users, SecondFactorSettings factors, HttpContext http, RateLimits limits) =>
        StartFactor(Door.Customer, request, users, factors, http, limits);

    // Each second-factor step checks a password (and a code): limited per account like signing in, not only per address.
    private static async Task<Results<Ok<AuthenticatorSetup>, ProblemHttpResult>> StartFactor(
        Door door, SecondFactorRequest request, UserManager<RolloutUser> users, SecondFactorSettings factors, HttpContext http, RateLimits limits) =>
        limits.RefuseSignIn(http, request.Email) is { } refused ? refused : (await StartAuthenticator.Handle(door, request, users, factors)).ToOk();

    private static Task<Results<Ok<SecondFactorOn>, ProblemHttpResult>> ConfirmStaffFactor(
        SecondFactorRequest request, UserManager<RolloutUser> users, SecondFactorSettings factors, RolloutDb db, SessionCheck check, TimeProvider clock, HttpContext http, RateLimits limits, CancellationToken ct) =>
        ConfirmFactor(Door.Staff, request, users, factors, db, check, clock, http, limits, ct);

    private static Task<Results<Ok<SecondFactorOn>, ProblemHttpResult>> ConfirmCustomerFactor(
        SecondFactorRequest request, UserManager<RolloutUser> users, SecondFactorSettings factors, RolloutDb db, SessionCheck check, TimeProvider clock, HttpContext http, RateLimits limits, CancellationToken ct) =>
        ConfirmFactor(Door.Customer, request, users, factors, db, check, clock, http, limits, ct);

    private static async Task<Results<Ok<SecondFactorOn>, ProblemHttpResult>> ConfirmFactor(
        Door door, SecondFactorRequest request, UserManager<RolloutUser> users, SecondFactorSettings factors, RolloutDb db, SessionCheck check, TimeProvider clock, HttpContext http, RateLimits limits, CancellationToken ct)
    {
        if (limits.RefuseSignIn(http, request.Email) is { } refused)
        {
            return refused;
        }

        AuditActors.ActsForSelf(door, request.Email);
        return (await ConfirmAuthenticator.Handle(door, request, users, factors, db, check, clock, ct)).ToOk();
    }

    private static Task<Results<NoContent, ProblemHttpResult>> TurnOffStaffFactor(
        SecondFactorRequest request, UserManager<RolloutUser> users, SecondFactorSettings factors, RolloutDb db, SessionCheck check, TimeProvider clock, HttpContext http, RateLimits limits, CancellationToken ct) =>
        TurnOffFactor(Door.Staff, request, users, factors, db, check, clock, http, limits, ct);

    private static Task<Results<NoContent, ProblemHttpResult>> TurnOffCustomerFactor(
        SecondFactorRequest request, UserManager<RolloutUser> users, SecondFactorSettings factors, RolloutDb db, SessionCheck check, TimeProvider clock, HttpContext http, RateLimits limits, CancellationToken ct) =>
        TurnOffFactor(Door.Customer, request, users, factors, db, check, clock, http, limits, ct);

    private static async Task<Results<NoContent, ProblemHttpResult>> TurnOffFactor(
        Door door, SecondFactorRequest request, UserManager<RolloutUser> users, SecondFactorSettings factors, RolloutDb db, SessionCheck check, TimeProvider clock, HttpContext http, RateLimits limits, CancellationToken ct)
    {
        if (limits.RefuseSignIn(http, request.Email) is { } refused)
        {
            return refused;
        }

        AuditActors.ActsForSelf(door, request.Email);
        var off = await TurnOffAuthenticator.Handle(door, request, users, factors, db, check, clock, ct);
        return off.IsSuccess ? TypedResults.NoContent() : off.Error.ToProblem();
    }

    private static async Task<Results<Ok<StaffMember>, ProblemHttpResult>> ResetFactor(
        string email, UserManager<RolloutUser> users, RolloutDb db, SessionCheck check, TimeProvider clock, CancellationToken ct) =>
        (await ResetStaffSecondFactor.Handle(email, users, db, check, clock, ct)).ToOk();

    private static async Task<Results<Created<IssuedApiKeyResponse>, ProblemHttpResult>> IssueKey(
        string email, IssueApiKeyRequest request, ClaimsPrincipal admin, UserManager<RolloutUser> users, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
        (await IssueApiKey.Handle(email, request, admin.Identity?.Name ?? "unknown", users, db, clock, ct)).ToCreated(k => $"/api/staff/{email}/keys/{k.Key.Id}");

    private static async Task<Results<Ok<IReadOnlyList<ApiKeyResponse>>, ProblemHttpResult>> ListKeys(string email, UserManager<RolloutUser> users, RolloutDb db, CancellationToken ct) =>
        (await ListApiKeys.Handle(email, users, db, ct)).ToOk();

    private static async Task<Results<Ok<ApiKeyResponse>, ProblemHttpResult>> RevokeKey(string email, string id, UserManager<RolloutUser> users, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
        (await RevokeApiKey.Handle(email, id, users, db, clock, ct)).ToOk();

    private static async Task<Results<Ok<AccessTokenResponse>, ProblemHttpResult>> Token(
        TokenRequest request, HttpContext http, UserManager<RolloutUser> users, RolloutDb db, SessionSettings settings, TimeProvider clock, RateLimits limits) =>
        limits.RefuseSignIn(http, request.Email) is { } refused ? refused : await SignInAt(Door.Staff, request, http, users, db, settings, clock);

    /// <summary>A door of the API: the password checked at <paramref name="door"/>, then a session with its tokens.</summary>
    internal static async Task<Results<Ok<AccessTokenResponse>, ProblemHttpResult>> SignInAt(
        Door door, TokenRequest request, HttpContext http, UserManager<RolloutUser> users, RolloutDb db, SessionSettings settings, TimeProvider clock)
    {
        var user = await SignInAtDoor.Handle(door, request.Email, request.Password, request.TwoFactorCode, users, http.RequestServices.GetRequiredService<SecondFactorSettings>());
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
        ChangeOwnPasswordRequest request, UserManager<RolloutUser> users, SecondFactorSettings factors, RolloutDb db, SessionCheck check, TimeProvider clock, HttpContext http, RateLimits limits, CancellationToken ct)
    {
        if (limits.RefuseSignIn(http, request.Email) is { } refused)
        {
            return refused;
        }

        AuditActors.ActsForSelf(Door.Staff, request.Email);
        var changed = await ChangeOwnPassword.Handle(request, users, factors, db, check, clock, ct);
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
