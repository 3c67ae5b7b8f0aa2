using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NodaTime.Text;
using Rollout.Storage;

namespace Rollout.Channels;

public sealed record AddressFields(string? Street, string? PostalCode, string? City);

/// <summary>One day's hours: <c>day</c> is "monday".."sunday", times are "HH:mm" local to the store.</summary>
public sealed record OpeningHoursFields(string? Day, string? Opens, string? Closes);

/// <summary>The channel fields a request carries; on change, fields left out keep their value.</summary>
public sealed record ChannelFields(
    string? Name = null,
    string? Organisation = null,
    string[]? Markets = null,
    AddressFields? Address = null,
    OpeningHoursFields[]? OpeningHours = null)
{
    private static readonly LocalTimePattern Clock = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    public static ChannelFields From(Channel channel) => new(
        channel.Name,
        channel.Organisation,
        [.. channel.Markets.Select(m => m.Value)],
        channel.Address is { } a ? new AddressFields(a.Street, a.PostalCode, a.City) : null,
        [.. channel.OpeningHours.Select(h => new OpeningHoursFields(
            h.Day.ToString().ToLowerInvariant(), Clock.Format(h.Opens), Clock.Format(h.Closes)))]);

    public ChannelFields Over(ChannelFields fallback) => new(
        Name ?? fallback.Name,
        Organisation ?? fallback.Organisation,
        Markets ?? fallback.Markets,
        Address ?? fallback.Address,
        OpeningHours ?? fallback.OpeningHours);

    /// <summary>Checks every field; markets must be markets Rollout knows, so a channel is never attached elsewhere.</summary>
    public async Task<ChannelTerms?> Validate(Validator validator, RolloutDb db, CancellationToken ct)
    {
        validator.Require(!string.IsNullOrWhiteSpace(Name), "name", "A channel needs a name.");
        validator.MaxLength("name", Name, 120);
        validator.MaxLength("organisation", Organisation, 120);

        var markets = new List<CountryCode>();
        var known = await db.Markets.Select(m => m.Code).ToListAsync(ct);
        var given = Markets ?? [];
        for (var i = 0; i < given.Length; i++)
        {
            var code = validator.Field($"markets[{i}]", CountryCode.Parse(given[i]));
            if (code.Value is null)
            {
                continue;
            }

            if (known.Contains(code))
            {
                markets.Add(code);
            }
            else
            {
                validator.Add($"markets[{i}]", $"There is no market {code}; create the market before attaching a channel to it.");
            }
        }

        StoreAddress? address = null;
        if (Address is { } a)
        {
            validator.Require(!string.IsNullOrWhiteSpace(a.Street), "address.street", "An address needs a street.");
            validator.Require(!string.IsNullOrWhiteSpace(a.PostalCode), "address.postalCode", "An address needs a postal code.");
            validator.Require(!string.IsNullOrWhiteSpace(a.City), "address.city", "An address needs a city.");
            validator.MaxLength("address.street", a.Street, 200);
            validator.MaxLength("address.postalCode", a.PostalCode, 20);
            validator.MaxLength("address.city", a.City, 100);
            address = new StoreAddress(a.Street?.Trim() ?? "", a.PostalCode?.Trim() ?? "", a.City?.Trim() ?? "");
        }

        var hours = new List<OpeningHours>();
        var days = OpeningHours ?? [];
        for (var i = 0; i < days.Length; i++)
        {
            var field = $"openingHours[{i}]";
            var ok = Enum.TryParse<IsoDayOfWeek>(days[i].Day, ignoreCase: true, out var day) && day != IsoDayOfWeek.None && !int.TryParse(days[i].Day, CultureInfo.InvariantCulture, out _);
            validator.Require(ok, $"{field}.day", $"'{days[i].Day}' is not a day; use monday ... sunday.");
            var opens = Clock.Parse(days[i].Opens ?? "");
            var closes = Clock.Parse(days[i].Closes ?? "");
            validator.Require(opens.Success, $"{field}.opens", $"'{days[i].Opens}' is not a time of the form HH:mm.");
            validator.Require(closes.Success, $"{field}.closes", $"'{days[i].Closes}' is not a time of the form HH:mm.");
            if (ok && opens.Success && closes.Success)
            {
                validator.Require(opens.Value < closes.Value, $"{field}.closes", "A store closes after it opens.");
                validator.Require(hours.All(h => h.Day != day), $"{field}.day", $"{day} is given twice.");
                hours.Add(new OpeningHours(day, opens.Value, closes.Value));
            }
        }

        return validator.IsValid
            ? new ChannelTerms(Name!.Trim(), Organisation?.Trim(), markets, address, [.. hours.OrderBy(h => h.Day)])
            : null;
    }
}
