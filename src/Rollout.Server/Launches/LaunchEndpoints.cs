using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Rollout.Identity;
using Rollout.Orders;
using Rollout.Server.Http;

namespace Rollout.Launches;

public static class LaunchEndpoints
{
    public static void MapLaunches(this WebApplication app)
    {
        var launches = app.MapGroup("/api/launches").WithTags("Launches");
        launches.MapGet("/", async (string? market, RolloutDb db, CancellationToken ct) => (await GetLaunches.All(market, db, ct)).ToOk())
            .AllowAnonymous().WithName("ListLaunches").WithSummary("Launch events, soonest first; ?market=FR keeps France's.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        launches.MapGet("/{code}", async (string code, RolloutDb db, CancellationToken ct) => (await GetLaunches.One(code, db, ct)).ToOk())
            .AllowAnonymous().WithName("GetLaunch").WithSummary("One launch event by its code.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        launches.MapGet("/{code}/sales", async (string code, RolloutDb db, CancellationToken ct) => (await GetLaunches.Sales(code, db, ct)).ToOk())
            .AllowAnonymous().WithName("ListFlashSales").WithSummary("The flash sales of a launch, soonest first.")
            .ProducesProblems(StatusCodes.Status404NotFound);

        var staff = launches.MapGroup("").RequireAuthorization(StaffAuthentication.Launches);
        staff.MapPost("/", async (CreateLaunchRequest request, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await CreateLaunch.Handle(request, db, clock, ct)).ToCreated(l => $"/api/launches/{l.Code}"))
            .WithName("CreateLaunch").WithSummary("Creates a launch event at a wall-clock time in the market's zone; with opensMarket, the market opens then.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        staff.MapPost("/{code}/sales", async (string code, CreateFlashSaleRequest request, Rollout.Pricing.MarginCap cap, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await CreateFlashSale.Handle(code, request, cap, db, clock, ct)).ToCreated(_ => $"/api/launches/{code}/sales"))
            .WithName("CreateFlashSale").WithSummary("Creates a flash sale of a launch: units from an allocation, a price under the margin cap, opening and closing at local times, a limit per customer, an optional registration deadline, a time to pay.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        MapSales(app);
    }

    private static string Customer(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier)!;

    private static void MapSales(WebApplication app)
    {
        var sales = app.MapGroup("/api/sales/{sale}").WithTags("Launches");
        var customers = sales.MapGroup("").RequireAuthorization(StaffAuthentication.Customer);
        customers.MapPost("/registrations", async (string sale, ClaimsPrincipal user, LaunchBook book) =>
                (await WaitingRoom.Register(sale, Customer(user), book, StaffAuthentication.EmailConfirmedOf(user))).ToOk())
            .Limited(RateLimits.Claims)
            .WithName("RegisterForSale").WithSummary("Registers the signed-in customer for a flash sale, before its registration deadline (or its opening).")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        customers.MapPost("/room", async (string sale, ClaimsPrincipal user, LaunchBook book) =>
                (await WaitingRoom.Join(sale, Customer(user), book, StaffAuthentication.EmailConfirmedOf(user))).ToOk())
            .Limited(RateLimits.Claims)
            .WithName("JoinWaitingRoom").WithSummary("Joins the sale's waiting room: before the opening, into the opening's random draw; after it, at the end of the queue.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        customers.MapGet("/room", async (string sale, ClaimsPrincipal user, LaunchBook book) =>
                (await WaitingRoom.Mine(sale, Customer(user), book)).ToOk())
            .WithName("MyPlaceInRoom").WithSummary("The signed-in customer's place in the waiting room, whether they are admitted, how many are ahead, units left (from memory; poll it).")
            .ProducesProblems(StatusCodes.Status404NotFound);
        customers.MapPost("/claims", async (string sale, [FromHeader(Name = "Idempotency-Key")] string? key, ClaimsPrincipal user, LaunchBook book) =>
                (await ClaimUnit.Handle(sale, Customer(user), key, book, StaffAuthentication.EmailConfirmedOf(user))).ToOk())
            .Limited(RateLimits.Claims)
            .WithName("ClaimUnit").WithSummary("Claims one unit: the answer's outcome is won (with payBy), sold_out, over_limit, not_open, closed, not_registered or queued (with position). Needs an Idempotency-Key header; the same key never wins twice. Limited per customer (429 with Retry-After beyond it).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        var staff = sales.MapGroup("").RequireAuthorization(StaffAuthentication.Launches);
        staff.MapGet("/live", async (string sale, LaunchBook book, RolloutDb db, CancellationToken ct) => (await SaleFigures.Live(sale, book, db, ct)).ToOk())
            .WithName("SaleLive").WithSummary("The live figures of a sale: units left, claims per second over the last minute, queue, orders placed and paid.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        staff.MapGet("/audit", async (string sale, RolloutDb db, CancellationToken ct) => (await SaleFigures.Audit(sale, db, ct)).ToOk())
            .WithName("SaleAudit").WithSummary("The sale as the database holds it: claims by status, counters, orders, and the oversell, duplicate and limit checks.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        staff.MapGet("/claims", async (string sale, RolloutDb db, CancellationToken ct) => (await SaleFigures.Claims(sale, db, ct)).ToOk())
            .WithName("SaleClaims").WithSummary("Every committed claim of a sale (id, customer, key, status, order), to check answers against.")
            .ProducesProblems(StatusCodes.Status404NotFound);

        app.MapGet("/api/me/claims", async (ClaimsPrincipal user, LaunchBook book, CancellationToken ct) => TypedResults.Ok(await CheckoutClaim.Mine(Customer(user), book, ct)))
            .RequireAuthorization(StaffAuthentication.Customer).WithTags("Customers")
            .WithName("MyClaims").WithSummary("The signed-in customer's claims in sales open now or still holding units, newest first (a claim that became an order stays in /api/me/orders).");
        app.MapPost("/api/claims/{id:guid}/checkout", async (Guid id, CheckoutClaimRequest request, ClaimsPrincipal user, LaunchBook book, PaymentProviders payments, CartBook carts, DbOnDemand db, CancellationToken ct) =>
                (await CheckoutClaim.Handle(id, request, Customer(user), user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name, book, payments, carts, db, ct)).ToCreated(o => $"/api/orders/{o.Id}"))
            .RequireAuthorization(StaffAuthentication.Customer).WithTags("Launches")
            .WithName("CheckoutClaim").WithSummary("Turns a won claim into an order at the sale price, before its payBy: shipping, address or pickup store, and how to pay, as at a cart's checkout.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }
}
