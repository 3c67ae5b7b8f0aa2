using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Rollout.Server.Http;

namespace Rollout.Identity;

/// <summary>
/// Customer accounts: register, then sign in at the customers' door, /api/customers/token; /api/me is the account's own.
/// E-mail confirmation and password reset send their links through the outbox.
/// </summary>
public static class CustomerEndpoints
{
    public static void MapCustomers(this WebApplication app)
    {
        app.MapPost("/api/customers", Register)
            .Limited(RateLimits.Registrations)
            .WithTags("Customers").AllowAnonymous().WithName("RegisterCustomer")
            .WithSummary("Creates a customer account (e-mail, password, name) and e-mails a link that confirms the address (market: the storefront it opens, such as FR; else the first live one); sign in with POST /api/customers/token. Limited per client address (429 with Retry-After beyond it).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        app.MapPost("/api/customers/token", Token)
            .Limited(RateLimits.SignIn)
            .WithTags("Customers").AllowAnonymous().WithName("GetCustomerToken")
            .WithSummary("Exchanges a customer's e-mail and password for a bearer token and a refresh token (the customers' door: staff accounts are refused here, and nothing counts toward their lockout).")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        app.MapPost("/api/customers/email-confirmation", ConfirmEmailAddress)
            .Limited(RateLimits.SignIn) // It checks a token, as sign-in checks a password.
            .WithTags("Customers").AllowAnonymous().WithName("ConfirmCustomerEmail")
            .WithSummary("Confirms a customer's e-mail address with the e-mail and token of the link sent to it (the storefront's /{market}/account/confirm-email page does this). A wrong or expired token is a 400 naming token.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        app.MapPost("/api/customers/password-reset", RequestReset)
            .Limited(RateLimits.PasswordResets)
            .WithTags("Customers").AllowAnonymous().WithName("RequestCustomerPasswordReset")
            .WithSummary("A customer who forgot their password asks for a link to choose a new one (email; market: the storefront it opens). Always 202, whether or not a customer account has the address; staff accounts never get one. Limited per client address and per e-mail address (429 with Retry-After beyond either).")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        app.MapPost("/api/customers/password-reset/confirm", Reset)
            .Limited(RateLimits.SignIn) // It checks a token and sets a password: as limited as signing in.
            .WithTags("Customers").AllowAnonymous().WithName("ResetCustomerPassword")
            .WithSummary("Sets a new password (at least 12 characters, not a common one) with the e-mail and token of a reset link; every session of the account ends. A wrong, used or expired token is a 400 naming token.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        IdentityEndpoints.MapSecondFactor(app.MapGroup("/api/customers").WithTags("Customers"), Door.Customer);

        var me = app.MapGroup("/api/me").WithTags("Customers").RequireAuthorization(StaffAuthentication.Customer);
        me.MapGet("/", async (ClaimsPrincipal user, RolloutDb db, CancellationToken ct) => (await Customers.Me(Id(user), db, ct)).ToOk())
            .WithName("Me").WithSummary("The signed-in customer's account (with emailConfirmed) and addresses.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        me.MapPost("/addresses", async (AddressBookEntry entry, ClaimsPrincipal user, RolloutDb db, CancellationToken ct) =>
                (await Customers.AddAddress(Id(user), entry, db, ct)).ToCreated(a => $"/api/me/addresses/{a.Id}"))
            .WithName("AddAddress").WithSummary("Keeps an address for checkout.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        me.MapDelete("/addresses/{id:guid}", async (Guid id, ClaimsPrincipal user, RolloutDb db, CancellationToken ct) =>
                (await Customers.DeleteAddress(Id(user), id, db, ct)).ToOk())
            .WithName("DeleteAddress").WithSummary("Forgets one of the customer's addresses.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        me.MapPost("/email-confirmation", RequestConfirmation)
            .Limited(RateLimits.ConfirmationMails)
            .WithName("RequestEmailConfirmation")
            .WithSummary("E-mails the signed-in customer a new link that confirms their address (market: the storefront it opens); says so when it is confirmed already. Some flash sales admit only confirmed addresses. Limited per account (429 with Retry-After beyond it).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Created<CustomerResponse>, ProblemHttpResult>> Register(
        RegisterCustomerRequest request, UserManager<RolloutUser> users, RoleManager<IdentityRole> roles, RolloutDb db, MailLinks mailLinks, TimeProvider clock, CancellationToken ct)
    {
        var links = await mailLinks.For(request.Market, db, clock, ct);
        if (!links.IsSuccess)
        {
            return links.Error.ToProblem();
        }

        var registered = await Customers.Register(request, users, roles, db, ct);
        if (registered.IsSuccess)
        {
            // A staff e-mail was answered without an account (decision 13): there is no one to send the link to, and nothing is sent.
            await RequestEmailConfirmation.Handle(registered.Value.Id, links.Value, users, db, clock, ct);
        }

        return registered.ToCreated(_ => "/api/me");
    }

    private static async Task<Results<Ok<Microsoft.AspNetCore.Authentication.BearerToken.AccessTokenResponse>, ProblemHttpResult>> Token(
        TokenRequest request, HttpContext http, UserManager<RolloutUser> users, RolloutDb db, SessionSettings settings, TimeProvider clock, RateLimits limits) =>
        limits.RefuseSignIn(http, request.Email) is { } refused ? refused : await IdentityEndpoints.SignInAt(Door.Customer, request, http, users, db, settings, clock);

    private static async Task<Results<Accepted<EmailConfirmationResponse>, ProblemHttpResult>> RequestConfirmation(
        EmailConfirmationRequest? request, ClaimsPrincipal user, UserManager<RolloutUser> users, RolloutDb db, MailLinks mailLinks, TimeProvider clock, CancellationToken ct)
    {
        var links = await mailLinks.For(request?.Market, db, clock, ct);
        if (!links.IsSuccess)
        {
            return links.Error.ToProblem();
        }

        var sent = await RequestEmailConfirmation.Handle(Id(user), links.Value, users, db, clock, ct);
        return sent.IsSuccess ? TypedResults.Accepted((string?)null, sent.Value) : sent.Error.ToProblem();
    }

    private static async Task<Results<Ok<EmailConfirmedResponse>, ProblemHttpResult>> ConfirmEmailAddress(ConfirmEmailRequest request, UserManager<RolloutUser> users) =>
        (await ConfirmEmail.Handle(request, users)).ToOk();

    private static async Task<Results<Accepted<PasswordResetAccepted>, ProblemHttpResult>> RequestReset(
        PasswordResetRequest request, HttpContext http, UserManager<RolloutUser> users, RolloutDb db, MailLinks mailLinks, RateLimits limits, TimeProvider clock, CancellationToken ct)
    {
        if (limits.RefusePasswordReset(http, request.Email) is { } refused)
        {
            return refused;
        }

        var links = await mailLinks.For(request.Market, db, clock, ct);
        if (!links.IsSuccess)
        {
            return links.Error.ToProblem();
        }

        var requested = await RequestPasswordReset.Handle(request, links.Value, users, db, clock, ct);
        return requested.IsSuccess ? TypedResults.Accepted((string?)null, requested.Value) : requested.Error.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Reset(
        ResetPasswordRequest request, UserManager<RolloutUser> users, RolloutDb db, SessionCheck check, TimeProvider clock, CancellationToken ct)
    {
        var reset = await ResetPassword.Handle(request, users, db, check, clock, ct);
        return reset.IsSuccess ? TypedResults.NoContent() : reset.Error.ToProblem();
    }

    private static string Id(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier)!;
}
