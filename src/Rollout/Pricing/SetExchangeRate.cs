using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NodaTime.Text;
using Rollout.Storage;

namespace Rollout.Pricing;

/// <summary>One unit of <c>from</c> buys <c>rate</c> units of <c>to</c> on <c>date</c> ("2026-11-20"), as <c>source</c> published it.</summary>
public sealed record SetExchangeRateRequest(string? From, string? To, decimal? Rate, string? Date, string? Source);

public sealed record ExchangeRateResponse(string From, string To, decimal Rate, string Date, string Source);

public static class SetExchangeRate
{
    public static async Task<Result<ExchangeRateResponse>> Handle(SetExchangeRateRequest request, RolloutDb db, CancellationToken ct)
    {
        var validator = new Validator();
        var from = validator.Field("from", CurrencyCode.Parse(request.From));
        var to = validator.Field("to", CurrencyCode.Parse(request.To));
        validator.Require(request.Rate is > 0m and < 10_000_000_000m && decimal.Round(request.Rate.Value, 8) == request.Rate, "rate", "A rate is a number above zero and below 10,000,000,000, with at most 8 decimals.");
        var date = LocalDatePattern.Iso.Parse(request.Date ?? "");
        validator.Require(date.Success, "date", $"'{request.Date}' is not a date of the form yyyy-MM-dd.");
        validator.Require(!string.IsNullOrWhiteSpace(request.Source), "source", "Say where the rate comes from (e.g. 'ECB euro reference rates').");
        validator.MaxLength("source", request.Source, 200);
        if (validator.IsValid)
        {
            validator.Require(from != to, "to", "A rate converts between two different currencies.");
        }

        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var existing = await db.ExchangeRates.FirstOrDefaultAsync(r => r.From == from && r.To == to && r.Date == date.Value, ct);
        if (existing is null)
        {
            db.ExchangeRates.Add(ExchangeRate.Create(from, to, request.Rate!.Value, date.Value, request.Source!.Trim()));
        }
        else
        {
            existing.Change(request.Rate!.Value, request.Source!.Trim());
        }

        if (await db.TrySave(ct) is { } clash)
        {
            return clash;
        }

        return new ExchangeRateResponse(from.Value, to.Value, request.Rate!.Value, date.Value.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture), request.Source!.Trim());
    }
}
