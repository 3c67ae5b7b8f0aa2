using System.Globalization;
using NodaTime;

namespace Rollout.Tests.Support;

/// <summary>
/// The day the suite runs as: today (UTC) at noon, or the day named by <c>ROLLOUT_TEST_TODAY</c> (<c>2027-05-21</c>), so
/// the whole suite can be run as of another date. Tests compute every date they write from it, and every process a test
/// starts (the CLI, a server) reads the test's clock through <c>Rollout:Clock:Now</c> or <c>Rollout:Clock:Offset</c>.
/// </summary>
public static class TestClock
{
    public const string Variable = "ROLLOUT_TEST_TODAY";

    /// <summary>Noon UTC of the day the suite runs as.</summary>
    public static readonly DateTimeOffset Today = Read();

    /// <summary>How far the test's day is from the machine's: what a server started in its own process is shifted by.</summary>
    public static readonly TimeSpan Offset = Today - DateTimeOffset.UtcNow;

    /// <summary>A clock running at the real pace from <see cref="Today"/>, as a server process started by a test reads it.</summary>
    public static TimeProvider Running { get; } = new ShiftedClock(Offset);

    /// <summary>The local date and time <paramref name="days"/> days after today in <paramref name="zone"/>, as an API takes it.</summary>
    public static string Local(int days, int hour, int minute = 0, string zone = "Europe/Madrid") =>
        WallClock.Format(Date(days, zone).At(new LocalTime(hour, minute)));

    /// <summary>The instant a local date and time (<see cref="Local"/>) names in <paramref name="zone"/>.</summary>
    public static DateTimeOffset At(string local, string zone = "Europe/Madrid") =>
        WallClock.ToInstant(local, DateTimeZoneProviders.Tzdb[zone], Instant.FromDateTimeOffset(Today)).Value.ToDateTimeOffset();

    /// <summary>The date <paramref name="days"/> days after today (in <paramref name="zone"/>).</summary>
    public static LocalDate Date(int days = 0, string zone = "Europe/Madrid") =>
        Instant.FromDateTimeOffset(Today).InZone(DateTimeZoneProviders.Tzdb[zone]).Date.PlusDays(days);

    /// <summary>A date as the API writes it (<c>2027-05-22</c>).</summary>
    public static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The next <paramref name="month"/>/<paramref name="day"/> at <paramref name="hour"/> in <paramref name="zone"/> after today, as the demo's yearly dates are read.</summary>
    public static ZonedDateTime NextYearly(int month, int day, int hour, string zone) =>
        WallClock.ToInstant($"--{month:00}-{day:00}T{hour:00}:00", DateTimeZoneProviders.Tzdb[zone], Instant.FromDateTimeOffset(Today)).Value.InZone(DateTimeZoneProviders.Tzdb[zone]);

    /// <summary>The local time, inside the next spring-forward gap of <paramref name="zone"/>, that does not exist there.</summary>
    public static string NextSkippedTime(string zone = "Europe/Paris")
    {
        var tz = DateTimeZoneProviders.Tzdb[zone];
        var interval = tz.GetZoneInterval(Instant.FromDateTimeOffset(Today));
        while (true)
        {
            var next = tz.GetZoneInterval(interval.End);
            if (next.WallOffset > interval.WallOffset)
            {
                return WallClock.Format(interval.End.Plus(Duration.FromMinutes(30)).InZone(DateTimeZone.ForOffset(interval.WallOffset)).LocalDateTime);
            }

            interval = next;
        }
    }

    private static DateTimeOffset Read()
    {
        var named = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(named))
        {
            return new DateTimeOffset(DateTime.UtcNow.Date.AddHours(12), TimeSpan.Zero);
        }

        return DateOnly.TryParseExact(named.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero)
            : throw new InvalidOperationException($"{Variable}: '{named}' is not a date such as 2027-05-21.");
    }
}
