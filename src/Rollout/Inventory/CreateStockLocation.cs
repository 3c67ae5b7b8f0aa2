using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Inventory;

/// <summary>A warehouse or a store's stock room; <c>serves</c> names the markets it ships to.</summary>
public sealed record CreateStockLocationRequest(string? Code, string? Name, string? Kind, string[]? Serves);

public sealed record StockLocationResponse(string Code, string Name, string Kind, IReadOnlyList<string> Serves);

public static class CreateStockLocation
{
    public static async Task<Result<StockLocationResponse>> Handle(CreateStockLocationRequest request, RolloutDb db, CancellationToken ct)
    {
        var validator = new Validator();
        var code = validator.Field("code", Slug.Parse(request.Code));
        validator.Require(!string.IsNullOrWhiteSpace(request.Name), "name", "A stock location needs a name.");
        validator.MaxLength("name", request.Name, 120);
        var kindOk = Enum.TryParse<LocationKind>(request.Kind, ignoreCase: true, out var kind) && !int.TryParse(request.Kind, out _);
        validator.Require(kindOk, "kind", $"'{request.Kind}' is not a kind of location; use warehouse or store.");
        var known = await db.Markets.Select(m => m.Code).ToListAsync(ct);
        var serves = new List<CountryCode>();
        var given = request.Serves ?? [];
        validator.Require(given.Length > 0, "serves", "A location serves at least one market.");
        for (var i = 0; i < given.Length; i++)
        {
            var market = validator.Field($"serves[{i}]", CountryCode.Parse(given[i]));
            if (market.Value is null)
            {
                continue;
            }

            if (known.Contains(market))
            {
                serves.Add(market);
            }
            else
            {
                validator.Add($"serves[{i}]", $"There is no market {market}.");
            }
        }

        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        if (await db.StockLocations.AnyAsync(l => l.Code == code, ct))
        {
            return Error.Conflict("location.exists", $"Stock location '{code}' already exists.");
        }

        var location = StockLocation.Create(code, request.Name!.Trim(), kind, serves);
        db.StockLocations.Add(location);
        if (await db.TrySave(ct) is { } clash)
        {
            return clash;
        }

        return location.ToResponse();
    }

    public static StockLocationResponse ToResponse(this StockLocation location) =>
        new(location.Code.Value, location.Name, location.Kind.ToString().ToLowerInvariant(), [.. location.Serves.Select(m => m.Value)]);
}
