using Rollout.Identity;
using Rollout.Server.Http;

namespace Rollout.Launches;

public static class LaunchEndpoints
{
    public static void MapLaunches(this WebApplication app)
    {
        var launches = app.MapGroup("/api/launches").WithTags("Launches");
        launches.MapGet("/", async (string? market, RolloutDb db, CancellationToken ct) => (await GetLaunches.All(market, db, ct)).ToOk())
            .WithName("ListLaunches").WithSummary("Launch events, soonest first; ?market=FR keeps France's.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        launches.MapGet("/{code}", async (string code, RolloutDb db, CancellationToken ct) => (await GetLaunches.One(code, db, ct)).ToOk())
            .WithName("GetLaunch").WithSummary("One launch event by its code.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        launches.MapGet("/{code}/sales", async (string code, RolloutDb db, CancellationToken ct) => (await GetLaunches.Sales(code, db, ct)).ToOk())
            .WithName("ListFlashSales").WithSummary("The flash sales of a launch, soonest first.")
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
    }
}
