using System.Security.Claims;
using Rollout.Identity;
using Rollout.Server.Http;

namespace Rollout.Pricing;

public static class PricingEndpoints
{
    private static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    public static void MapPricing(this WebApplication app)
    {
        var prices = app.MapGroup("/api/prices").WithTags("Pricing");
        prices.MapGet("/{market}/{sku}", async (string market, string sku, string? channel, string? at, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, CancellationToken ct) =>
                (await GetPrice.Handle(market, sku, channel, at, StaffRoles.All.Any(user.IsInRole), db, clock, ct)).ToOk())
            .AllowAnonymous().WithName("GetPrice")
            .WithSummary("The price in force (now, or ?at= an instant or a local time) through a channel (the online store unless named): net, VAT, gross, display and, for an EU reduction, the lowest price of the prior 30 days.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        var staff = app.MapGroup("/api").WithTags("Pricing");
        staff.MapGet("/prices/{market}/{sku}/history", async (string market, string sku, string? channel, RolloutDb db, CancellationToken ct) =>
                (await GetPriceHistory.Handle(market, sku, channel, db, ct)).ToOk())
            .RequireAuthorization(StaffAuthentication.AnyStaff)
            .WithName("GetPriceHistory").WithSummary("Every price change of a variant in a market: who, when, old, new.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        staff.MapGet("/pricing/report", async (string? market, string? channel, RolloutDb db, TimeProvider clock, MarginCap cap, CancellationToken ct) =>
                (await GetMarginReport.Handle(market, channel, db, clock, cap, ct)).ToOk())
            .RequireAuthorization(StaffAuthentication.AnyStaff)
            .WithName("GetMarginReport").WithSummary("Every listed variant of a market (and channel): price, net, VAT, landed cost, margin and flags (over-cap, below-cost, no-price, no-cost).")
            .ProducesProblems(StatusCodes.Status404NotFound);

        var writes = app.MapGroup("/api").WithTags("Pricing").RequireAuthorization(StaffAuthentication.Pricing);
        writes.MapPut("/prices", async (SetPriceRequest request, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, MarginCap cap, CancellationToken ct) =>
                (await SetPrice.Handle(request, Actor(user), db, clock, cap, ct)).ToOk())
            .WithName("SetPrice")
            .WithSummary("Sets a price (from now, or from a local time) or schedules a temporary one (with until); refused above the margin cap with the margin, the cap and the highest allowed price.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        writes.MapPost("/prices/suggest", async (SuggestPriceRequest request, RolloutDb db, TimeProvider clock, MarginCap cap, CancellationToken ct) =>
                (await SuggestPrice.Handle(request, db, clock, cap, ct)).ToOk())
            .WithName("SuggestPrice").WithSummary("Suggests a local price from a reference price: stored exchange rate, VAT, the market's price ending, the cap.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        writes.MapPut("/costs", async (SetLandedCostRequest request, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, MarginCap cap, CancellationToken ct) =>
                (await SetLandedCost.Handle(request, Actor(user), db, clock, cap, ct)).ToOk())
            .WithName("SetLandedCost").WithSummary("Sets the landed cost of a variant in a market, line by line; prices it pushes over the cap are listed, not changed.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        writes.MapPut("/exchange-rates", async (SetExchangeRateRequest request, RolloutDb db, CancellationToken ct) =>
                (await SetExchangeRate.Handle(request, db, ct)).ToOk())
            .WithName("SetExchangeRate").WithSummary("Stores an exchange rate with its date and source.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        writes.MapPut("/markets/{code}/price-ending", async (string code, SetPriceEndingRequest request, RolloutDb db, CancellationToken ct) =>
                (await SetPriceEnding.Handle(code, request, db, ct)).ToOk())
            .WithName("SetPriceEnding").WithSummary("How suggested prices end in a market (9.99, 99, 0).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        writes.MapPost("/prices/import", ImportPricesFile).WithBodyLimit(RequestBodyLimits.Import)
            .Accepts<PricesDocument>("application/json")
            .WithName("ImportPrices").WithSummary("Imports a rollout-prices/1 file (rates, endings, costs, prices) of up to 16 MiB, all or nothing.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge);
    }

    /// <summary>The body is the file as it is: read whole (up to the endpoint's limit), then checked and imported.</summary>
    private static async Task<Results<Ok<PricesImportSummary>, ProblemHttpResult>> ImportPricesFile(HttpRequest http, ClaimsPrincipal user, RolloutDb db, TimeProvider clock, MarginCap cap, CancellationToken ct)
    {
        using var reader = new StreamReader(http.Body);
        return (await ImportPrices.Handle(await reader.ReadToEndAsync(ct), Actor(user), db, clock, cap, ct)).ToOk();
    }
}
