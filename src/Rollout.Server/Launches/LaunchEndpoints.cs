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

        var staff = launches.MapGroup("").RequireAuthorization(StaffAuthentication.Launches);
        staff.MapPost("/", async (CreateLaunchRequest request, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await CreateLaunch.Handle(request, db, clock, ct)).ToCreated(l => $"/api/launches/{l.Code}"))
            .WithName("CreateLaunch").WithSummary("Creates a launch event at a wall-clock time in the market's zone; with opensMarket, the market opens then.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
    }
}
