using NodaTime;

namespace Rollout.Tests.Common;

public sealed class WallClockTests
{
    private static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];
    private static readonly Instant Today = Instant.FromUtc(2026, 11, 26, 12, 0);

    [Fact]
    public void A_local_time_becomes_the_instant_it_names_in_that_zone()
    {
        Assert.Equal(Instant.FromUtc(2027, 5, 22, 8, 0), WallClock.ToInstant("2027-05-22T10:00", Paris, Today).Value);
        Assert.Equal(Instant.FromUtc(2027, 1, 10, 9, 0), WallClock.ToInstant("2027-01-10 10:00", Paris, Today).Value);
    }

    [Fact]
    public void A_local_time_the_clocks_jump_over_is_refused()
    {
        var error = WallClock.ToInstant("2027-03-28T02:30", Paris, Today).Error;

        Assert.Equal("localtime.skipped", error.Code);
        Assert.Contains("does not exist in Europe/Paris", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_local_time_that_occurs_twice_is_refused_rather_than_guessed() =>
        Assert.Equal("localtime.ambiguous", WallClock.ToInstant("2027-10-31T02:30", Paris, Today).Error.Code);

    [Fact]
    public void A_day_without_a_year_is_its_next_occurrence()
    {
        Assert.Equal(Instant.FromUtc(2027, 5, 22, 8, 0), WallClock.ToInstant("--05-22T10:00", Paris, Today).Value);
        Assert.Equal(Instant.FromUtc(2028, 5, 22, 8, 0), WallClock.ToInstant("--05-22T10:00", Paris, Instant.FromUtc(2027, 5, 22, 8, 0)).Value);
    }

    [Fact]
    public void A_yearly_day_that_some_years_lack_is_refused() =>
        Assert.Equal("localtime.no_yearly_day", WallClock.ToInstant("--02-29T10:00", Paris, Today).Error.Code);

    [Theory]
    [InlineData("22/05/2027 10:00")]
    [InlineData("2027-05-22")]
    [InlineData("2027-13-01T10:00")]
    public void Other_forms_are_refused_with_the_expected_form(string text) =>
        Assert.Contains("yyyy-MM-ddTHH:mm", WallClock.ToInstant(text, Paris, Today).Error.Message, StringComparison.Ordinal);

    [Fact]
    public void An_unknown_zone_is_refused() =>
        Assert.Equal("timezone.unknown", WallClock.Zone("Europe/Atlantis").Error.Code);

    [Theory]
    [InlineData(2027, 5, 22, 10, 0, 0, "2027-05-22T10:00")]
    [InlineData(2026, 11, 26, 18, 15, 12, "2026-11-26T18:15:12")]
    public void A_wall_clock_time_is_written_as_it_is_read_back(int year, int month, int day, int hour, int minute, int second, string text)
    {
        var local = new LocalDateTime(year, month, day, hour, minute, second);

        Assert.Equal(text, WallClock.Format(local));
        Assert.Equal(local.InZoneStrictly(Paris).ToInstant(), WallClock.ToInstant(text, Paris, Today).Value);
    }
}
