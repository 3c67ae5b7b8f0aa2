using Rollout.Identity;
using Rollout.Server.Http;

namespace Rollout.Markets;

public static class MarketEndpoints
{
    public static void MapMarkets(this WebApplication app)
    {
        var markets = app.MapGroup("/api/markets").WithTags("Markets");
        markets.MapGet("/", async (RolloutDb db, TimeProvider clock, CancellationToken ct) => TypedResults.Ok(await GetMarkets.All(db, clock, ct)))
            .AllowAnonymous().WithName("ListMarkets").WithSummary("Every market with its currency, VAT, time zone, warranty law, regime and status.");
        markets.MapGet("/{code}", async (string code, RolloutDb db, TimeProvider clock, CancellationToken ct) => (await GetMarkets.One(code, db, clock, ct)).ToOk())
            .AllowAnonymous().WithName("GetMarket").WithSummary("One market by its ISO 3166 code.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        var staff = markets.MapGroup("").RequireAuthorization(StaffAuthentication.Admin);
        staff.MapPost("/", async (CreateMarketRequest request, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await CreateMarket.Handle(request, db, clock, ct)).ToCreated(m => $"/api/markets/{m.Code}"))
            .WithName("CreateMarket")
            .WithSummary("Creates a market; for a country in the reference data only the code is needed. opensAt is local time in the market's zone.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        staff.MapPatch("/{code}", async (string code, MarketFields request, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await ChangeMarket.Handle(code, request, db, clock, ct)).ToOk())
            .WithName("ChangeMarket").WithSummary("Changes a market's terms; fields left out keep their value.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        staff.MapPut("/{code}/opening", async (string code, ScheduleMarketOpeningRequest request, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await ScheduleMarketOpening.Handle(code, request, db, clock, ct)).ToOk())
            .WithName("ScheduleMarketOpening").WithSummary("Sets when a planned market opens, as local time in its zone ('2027-05-22T10:00').")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        staff.MapPost("/{code}/close", async (string code, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await CloseMarket.Handle(code, db, clock, ct)).ToOk())
            .WithName("CloseMarket").WithSummary("Closes a live market now.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }
}
