using System.Globalization;
using NodaTime.Text;

namespace Rollout.Common;

/// <summary>
/// Turns the local times people type ("2027-05-22T10:00 in Europe/Paris") into instants, once, at the edge,
/// and instants back into local times for display. A local time that does not exist or occurs twice
/// because of a daylight-saving change is refused rather than guessed.
/// </summary>
public static class WallClock
{
    private static readonly LocalDateTimePattern[] Patterns =
    [
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm"),
    ];

    /// <summary>
    /// A wall-clock time as <see cref="ToInstant"/> reads it back: "2027-05-22T10:00", with seconds only when there are
    /// some ("2026-11-26T18:15:12"; fractions of a second are dropped).
    /// </summary>
    public static string Format(LocalDateTime local) => Patterns[local.Second == 0 ? 0 : 1].Format(local);

    // ISO 8601 "--MM-DD": the next occurrence of that day, so a demo file stays in the future year after year.
    private static readonly LocalDateTimePattern[] RecurringPatterns =
    [
        LocalDateTimePattern.CreateWithInvariantCulture("'--'MM'-'dd'T'HH':'mm"),
        LocalDateTimePattern.CreateWithInvariantCulture("'--'MM'-'dd' 'HH':'mm"),
    ];

    public static Result<DateTimeZone> Zone(string? timeZoneId)
    {
        if (string.IsNullOrWhiteSpace(timeZoneId))
        {
            return Error.Invalid("timeZone", "timezone.required", "An IANA time zone (e.g. 'Europe/Paris') is required.");
        }

        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZoneId.Trim());
        return zone is null
            ? Error.Invalid("timeZone", "timezone.unknown", $"'{timeZoneId}' is not an IANA time zone (e.g. 'Europe/Paris').")
            : zone;
    }

    /// <summary>
    /// Parses "yyyy-MM-ddTHH:mm" (or "--MM-ddTHH:mm" for the next such day after <paramref name="now"/>) as a
    /// wall-clock time in <paramref name="zone"/> and returns the one instant it names.
    /// </summary>
    public static Result<Instant> ToInstant(string? local, DateTimeZone zone, Instant now)
    {
        if (string.IsNullOrWhiteSpace(local))
        {
            return Error.Invalid("localTime", "localtime.required", "A local date and time is required, e.g. '2027-05-22T10:00'.");
        }

        var text = local.Trim();
        var parsed = Parse(text, Patterns);
        if (parsed is null && Parse(text, RecurringPatterns) is { } recurring)
        {
            if (recurring is { Month: 2, Day: 29 })
            {
                return Error.Invalid("localTime", "localtime.no_yearly_day", "29 February does not come every year; give the full date.");
            }

            var year = now.InZone(zone).Year;
            parsed = recurring.With(_ => new LocalDate(year, recurring.Month, recurring.Day));
            if (zone.AtLeniently(parsed.Value).ToInstant() <= now)
            {
                parsed = recurring.With(_ => new LocalDate(year + 1, recurring.Month, recurring.Day));
            }
        }

        if (parsed is not { } localDateTime)
        {
            return Error.Invalid("localTime", "localtime.format", $"'{local}' is not a local date and time of the form 'yyyy-MM-ddTHH:mm' (or '--MM-ddTHH:mm' for the next such day).");
        }

        var mapping = zone.MapLocal(localDateTime);
        return mapping.Count switch
        {
            1 => mapping.Single().ToInstant(),
            0 => Error.Invalid("localTime", "localtime.skipped", $"{localDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} does not exist in {zone.Id}: the clocks jump forward over it (daylight-saving time)."),
            _ => Error.Invalid("localTime", "localtime.ambiguous", $"{localDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} occurs twice in {zone.Id} (the clocks go back); choose a time outside the repeated hour."),
        };
    }

    /// <summary>The instant as a date-time with the zone's offset at that instant, for responses and pages.</summary>
    public static DateTimeOffset InZone(Instant instant, DateTimeZone zone) =>
        instant.InZone(zone).ToDateTimeOffset();

    /// <summary>
    /// Now, to the microsecond: PostgreSQL keeps instants to the microsecond, so an instant kept in memory (a hold's
    /// expiry, say) is the same instant once read back from the database.
    /// </summary>
    public static Instant Now(this TimeProvider clock)
    {
        var ticks = clock.GetUtcNow().UtcTicks;
        return Instant.FromDateTimeOffset(new DateTimeOffset(ticks - (ticks % 10), TimeSpan.Zero));
    }

    private static LocalDateTime? Parse(string text, LocalDateTimePattern[] patterns)
    {
        foreach (var pattern in patterns)
        {
            var result = pattern.Parse(text);
            if (result.Success)
            {
                return result.Value;
            }
        }

        return null;
    }
}
