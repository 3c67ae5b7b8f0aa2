using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Repairs;

public sealed record ServiceCentreRequest(string? Code, string? Name, string? Market, string? Address, string? Email);

/// <summary>A service centre; its open tickets are counted for staff only (null for anyone else).</summary>
public sealed record ServiceCentreResponse(string Code, string Name, string Market, string Address, string Email, int? OpenTickets);

public sealed record RepairTargetRequest(int? RespondWithinHours, int? ResolveWithinDays);

public sealed record RepairTargetResponse(string Market, int RespondWithinHours, int ResolveWithinDays);

/// <summary>Service centres of each market and each market's response-time targets.</summary>
public static class ServiceCentres
{
    /// <summary>Creates a centre, or changes the name, address and e-mail of the one with that code (its market stays).</summary>
    public static async Task<Result<ServiceCentreResponse>> Save(ServiceCentreRequest request, RolloutDb db, CancellationToken ct)
    {
        var validator = new Validator();
        var code = validator.Field("code", Slug.Parse(request.Code));
        var market = validator.Field("market", CountryCode.Parse(request.Market));
        validator.Require(!string.IsNullOrWhiteSpace(request.Name), "name", "Name the centre.");
        validator.MaxLength("name", request.Name, 120);
        validator.Require(!string.IsNullOrWhiteSpace(request.Address), "address", "Give the address customers send or bring devices to.");
        validator.MaxLength("address", request.Address, 300);
        validator.Require(request.Email is not null && System.Net.Mail.MailAddress.TryCreate(request.Email, out _) && request.Email.Length <= 256, "email", "Give the centre's e-mail address.");
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        if (!await db.Markets.AnyAsync(m => m.Code == market, ct))
        {
            return Error.Invalid("market", "market.unknown", $"{market} is not a market.");
        }

        var centre = await db.ServiceCentres.FirstOrDefaultAsync(c => c.Code == code, ct);
        if (centre is null)
        {
            centre = ServiceCentre.Create(code, request.Name!.Trim(), market, request.Address!.Trim(), request.Email!);
            db.ServiceCentres.Add(centre);
        }
        else if (centre.Market != market)
        {
            return Error.Conflict("centre.market", $"Centre '{code}' serves {centre.Market}; a centre does not change market.");
        }
        else
        {
            centre.Change(request.Name!.Trim(), request.Address!.Trim(), request.Email!);
        }

        await db.SaveChangesAsync(ct);
        return (await List(db, ct)).First(c => c.Code == code.Value);
    }

    public static async Task<IReadOnlyList<ServiceCentreResponse>> List(RolloutDb db, CancellationToken ct, bool withLoad = true)
    {
        var open = !withLoad ? [] : await db.RepairTickets.AsNoTracking().Where(t => t.Status != TicketStatus.Closed && t.Status != TicketStatus.Returned)
            .GroupBy(t => t.Centre).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var centres = await db.ServiceCentres.AsNoTracking().OrderBy(c => c.Market).ThenBy(c => c.Code).ToListAsync(ct);
        return [.. centres.Select(c => new ServiceCentreResponse(c.Code.Value, c.Name, c.Market.Value, c.Address, c.Email, withLoad ? open.GetValueOrDefault(c.Code) : null))];
    }

    public static async Task<Result<RepairTargetResponse>> SetTarget(string market, RepairTargetRequest request, RolloutDb db, CancellationToken ct)
    {
        var validator = new Validator();
        var code = validator.Field("market", CountryCode.Parse(market));
        validator.Require(request.RespondWithinHours is >= 1 and <= 720, "respondWithinHours", "Respond within 1 to 720 hours.");
        validator.Require(request.ResolveWithinDays is >= 1 and <= 90, "resolveWithinDays", "Resolve within 1 to 90 days.");
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        if (!await db.Markets.AnyAsync(m => m.Code == code, ct))
        {
            return Error.NotFound("market.not_found", $"{code} is not a market.");
        }

        var target = await db.RepairTargets.FirstOrDefaultAsync(t => t.Market == code, ct);
        if (target is null)
        {
            db.RepairTargets.Add(RepairTarget.Of(code, request.RespondWithinHours!.Value, request.ResolveWithinDays!.Value));
        }
        else
        {
            target.Change(request.RespondWithinHours!.Value, request.ResolveWithinDays!.Value);
        }

        await db.SaveChangesAsync(ct);
        return new RepairTargetResponse(code.Value, request.RespondWithinHours!.Value, request.ResolveWithinDays!.Value);
    }

    public static async Task<IReadOnlyList<RepairTargetResponse>> Targets(RolloutDb db, CancellationToken ct) =>
        [.. (await db.RepairTargets.AsNoTracking().OrderBy(t => t.Market).ToListAsync(ct)).Select(t => new RepairTargetResponse(t.Market.Value, t.RespondWithinHours, t.ResolveWithinDays))];
}
