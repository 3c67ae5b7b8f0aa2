using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Rollout.Orders;
using Rollout.Server.Http;

namespace Rollout.Tests.Security;

/// <summary>The limits' settings (Rollout:Limits, with the README's defaults) and how a client address is counted.</summary>
public sealed class LimitSettingsTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void The_defaults_are_those_the_README_documents()
    {
        using var limits = RateLimits.From(Settings());
        var checkout = CheckoutOptions.From(Settings());

        var minute = TimeSpan.FromMinutes(1);
        Assert.Equal(
            new Dictionary<string, (int, TimeSpan, CountedBy)>
            {
                [RateLimits.SignIn] = (20, minute, CountedBy.Address),
                [RateLimits.SignInPerAccount] = (5, minute, CountedBy.Account),
                [RateLimits.Registrations] = (10, TimeSpan.FromHours(1), CountedBy.Address),
                [RateLimits.Carts] = (20, minute, CountedBy.Account),
                [RateLimits.Holds] = (60, minute, CountedBy.Account),
                [RateLimits.Claims] = (30, minute, CountedBy.Account),
                [RateLimits.PublicLookups] = (60, minute, CountedBy.Address),
                [RateLimits.PartnerRequests] = (600, minute, CountedBy.Partner),
                [RateLimits.PasswordResets] = (10, TimeSpan.FromHours(1), CountedBy.Address),
                [RateLimits.PasswordResetsPerAccount] = (3, TimeSpan.FromHours(1), CountedBy.Account),
                [RateLimits.ConfirmationMails] = (5, TimeSpan.FromHours(1), CountedBy.Account),
            },
            limits.All.ToDictionary(l => l.Name, l => (l.Permits, l.Window, l.By)));
        Assert.Equal((10, 20), (checkout.UnitsHeldPerCart, checkout.UnitsHeldPerAddress));
    }

    [Fact]
    public void The_settings_from_before_the_section_still_apply_and_the_section_wins()
    {
        using var old = RateLimits.From(Settings(("Rollout:PublicLookupsPerMinute", "7"), ("Rollout:PartnerRequestsPerMinute", "70")));
        using var both = RateLimits.From(Settings(("Rollout:PublicLookupsPerMinute", "7"), ("Rollout:Limits:PublicLookupsPerMinute", "9")));

        Assert.Equal((7, 70), (old[RateLimits.PublicLookups].Permits, old[RateLimits.PartnerRequests].Permits));
        Assert.Equal(9, both[RateLimits.PublicLookups].Permits);
    }

    [Theory]
    [InlineData("Rollout:Limits:ClaimsPerMinute", "0")]
    [InlineData("Rollout:Limits:SignInPerMinute", "many")]
    public void A_limit_that_is_not_a_whole_number_of_at_least_one_stops_the_start_naming_the_setting(string setting, string value)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => RateLimits.From(Settings((setting, value))));

        Assert.Contains(setting, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_units_cap_that_is_not_a_whole_number_of_at_least_one_stops_the_start_naming_the_setting()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => CheckoutOptions.From(Settings(("Rollout:Limits:UnitsHeldPerAddress", "-1"))));

        Assert.Contains("Rollout:Limits:UnitsHeldPerAddress", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bucket_refills_evenly_over_its_window_at_most_once_a_second()
    {
        var three = new RateLimit("x", "things", 3, TimeSpan.FromMinutes(1), CountedBy.Address).Bucket;
        var many = new RateLimit("x", "things", 600, TimeSpan.FromMinutes(1), CountedBy.Address).Bucket;

        Assert.Equal((3, 1, TimeSpan.FromSeconds(20)), (three.TokenLimit, three.TokensPerPeriod, three.ReplenishmentPeriod));
        Assert.Equal((600, 10, TimeSpan.FromSeconds(1)), (many.TokenLimit, many.TokensPerPeriod, many.ReplenishmentPeriod));
    }

    [Theory]
    [InlineData("203.0.113.9", "203.0.113.9")]
    [InlineData("::ffff:203.0.113.9", "203.0.113.9")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData(null, RateLimits.UnknownAddress)]
    public void A_client_is_counted_by_its_IPv4_address_its_IPv6_network_or_as_unknown(string? remote, string counted)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = remote is null ? null : IPAddress.Parse(remote);

        Assert.Equal(counted, RateLimits.ClientAddress(context));
    }
}
