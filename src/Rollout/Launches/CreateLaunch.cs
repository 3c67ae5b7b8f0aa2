using Microsoft.EntityFrameworkCore;
using Rollout.Markets;
using Rollout.Storage;

namespace Rollout.Launches;

/// <summary>
/// A new launch event: <c>startsAt</c> is a wall-clock time in the market's own zone ("2027-05-22T10:00"); with
/// <c>opensMarket</c> the planned market is scheduled to open at that instant.
/// </summary>
public sealed record CreateLaunchRequest(string? Code, string? Market, string? StartsAt, string? Venue, string? Description = null, bool OpensMarket = false);

/// <summary>A launch event as the API shows it: the instant with the market's offset, and the local time it was given as.</summary>
public sealed record LaunchResponse(string Code, string Market, DateTimeOffset StartsAt, string LocalStart, string TimeZone, string Venue, string Description, bool OpensMarket);

public static class CreateLaunch
{
    public static async Task<Result<LaunchResponse>> Handle(CreateLaunchRequest request, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator();
        var code = validator.Field("code", Slug.Parse(request.Code));
        var market = validator.Field("market", await GetMarkets.Find(request.Market, db, ct));

        var now = clock.Now();
        Instant? startsAt = null;
        if (market is not null)
        {
            var local = WallClock.ToInstant(request.StartsAt, market.Zone, now);
            if (!local.IsSuccess)
            {
                validator.Add(local.Error.AtField("startsAt"));
            }
            else
            {
                startsAt = local.Value;
                validator.Require(local.Value > now, "startsAt", "A launch starts in the future.");
            }
        }

        var venue = request.Venue?.Trim();
        validator.Require(venue is { Length: >= 1 and <= 120 }, "venue", "Where the launch takes place: 1 to 120 characters.");
        var description = request.Description?.Trim() ?? "";
        validator.Require(description.Length <= 2000, "description", "At most 2,000 characters.");
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        if (await db.LaunchEvents.AnyAsync(l => l.Code == code, ct))
        {
            return Error.Conflict("launch.exists", $"Launch '{code}' already exists.");
        }

        if (request.OpensMarket)
        {
            // A launch may open a planned market at its start, or confirm the opening already set then; moving an opening
            // already set is an admin's call.
            if (market!.OpensAt is { } set && set != startsAt && market.StatusAt(now) == MarketStatus.Planned)
            {
                return Error.Conflict("launch.market_opening_set", $"{market.Code} already opens at {WallClock.InZone(set, market.Zone):yyyy-MM-dd HH:mm}; an admin changes that (PUT /api/markets/{market.Code}/opening).");
            }

            if (market.OpensAt != startsAt && market.ScheduleOpening(startsAt!.Value, now) is { IsSuccess: false } refused)
            {
                return refused.Error.AtField("opensMarket");
            }
        }

        var launch = LaunchEvent.Create(code, market!.Code, startsAt!.Value, venue!, description, request.OpensMarket, now);
        db.LaunchEvents.Add(launch);
        if (await db.TrySave(ct) is { } clash)
        {
            return clash;
        }

        return launch.ToResponse(market.Zone);
    }

    internal static LaunchResponse ToResponse(this LaunchEvent launch, DateTimeZone zone) =>
        new(launch.Code.Value, launch.Market.Value, WallClock.InZone(launch.StartsAt, zone),
            launch.StartsAt.InZone(zone).LocalDateTime.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            zone.Id, launch.Venue, launch.Description, launch.OpensMarket);
}
