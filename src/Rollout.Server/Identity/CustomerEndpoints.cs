using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Rollout.Server.Http;

namespace Rollout.Identity;

/// <summary>Customer accounts: register, then sign in at the customers' door, /api/customers/token; /api/me is the account's own.</summary>
public static class CustomerEndpoints
{
    public static void MapCustomers(this WebApplication app)
    {
        app.MapPost("/api/customers", Register)
            .Limited(RateLimits.Registrations)
            .WithTags("Customers").AllowAnonymous().WithName("RegisterCustomer")
            .WithSummary("Creates a customer account (e-mail, password, name); sign in with POST /api/customers/token. Limited per client address (429 with Retry-After beyond it).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        app.MapPost("/api/customers/token", Token)
            .Limited(RateLimits.SignIn)
            .WithTags("Customers").AllowAnonymous().WithName("GetCustomerToken")
            .WithSummary("Exchanges a customer's e-mail and password for a bearer token and a refresh token (the customers' door: staff accounts are refused here, and nothing counts toward their lockout).")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        IdentityEndpoints.MapSecondFactor(app.MapGroup("/api/customers").WithTags("Customers"), Door.Customer);

        var me = app.MapGroup("/api/me").WithTags("Customers").RequireAuthorization(StaffAuthentication.Customer);
        me.MapGet("/", async (ClaimsPrincipal user, RolloutDb db, CancellationToken ct) => (await Customers.Me(Id(user), db, ct)).ToOk())
            .WithName("Me").WithSummary("The signed-in customer's account and addresses.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        me.MapPost("/addresses", async (AddressBookEntry entry, ClaimsPrincipal user, RolloutDb db, CancellationToken ct) =>
                (await Customers.AddAddress(Id(user), entry, db, ct)).ToCreated(a => $"/api/me/addresses/{a.Id}"))
            .WithName("AddAddress").WithSummary("Keeps an address for checkout.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        me.MapDelete("/addresses/{id:guid}", async (Guid id, ClaimsPrincipal user, RolloutDb db, CancellationToken ct) =>
                (await Customers.DeleteAddress(Id(user), id, db, ct)).ToOk())
            .WithName("DeleteAddress").WithSummary("Forgets one of the customer's addresses.")
            .ProducesProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Created<CustomerResponse>, ProblemHttpResult>> Register(
        RegisterCustomerRequest request, UserManager<RolloutUser> users, RoleManager<IdentityRole> roles, RolloutDb db, CancellationToken ct) =>
        (await Customers.Register(request, users, roles, db, ct)).ToCreated(_ => "/api/me");

    private static async Task<Results<Ok<Microsoft.AspNetCore.Authentication.BearerToken.AccessTokenResponse>, ProblemHttpResult>> Token(
        TokenRequest request, HttpContext http, UserManager<RolloutUser> users, RolloutDb db, SessionSettings settings, TimeProvider clock, RateLimits limits) =>
        limits.RefuseSignIn(http, request.Email) is { } refused ? refused : await IdentityEndpoints.SignInAt(Door.Customer, request, http, users, db, settings, clock);

    private static string Id(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier)!;
}
