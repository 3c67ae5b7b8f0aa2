using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Time.Testing;
using Rollout.Identity;

namespace Rollout.Tests.Security;

/// <summary>The cache of bearer tickets is bounded in size and in age, and forgets a user's tickets when asked.</summary>
public sealed class RememberedTicketsTests
{
    private readonly FakeTimeProvider clock = new(RolloutApp.Today);
    private readonly Tokens tokens = new();

    [Fact]
    public void A_token_is_read_once_while_its_ticket_is_fresh()
    {
        var cache = new RememberedTickets(clock).Over(tokens);

        var reads = Enumerable.Range(0, 5).Select(_ => cache.Unprotect("ana:1")!.Principal.Identity!.Name).ToList();

        Assert.All(reads, name => Assert.Equal("ana", name));
        Assert.Equal(1, tokens.Reads);
    }

    [Fact]
    public void A_ticket_older_than_the_bound_is_read_again_from_its_token()
    {
        var cache = new RememberedTickets(clock).Over(tokens);

        cache.Unprotect("ana:1");
        clock.Advance(RememberedTickets.Longest - TimeSpan.FromSeconds(1));
        cache.Unprotect("ana:1");
        var fresh = tokens.Reads;
        clock.Advance(TimeSpan.FromSeconds(2));
        cache.Unprotect("ana:1");

        Assert.Equal((1, 2), (fresh, tokens.Reads));
    }

    [Fact]
    public void The_cache_holds_at_most_its_bound_and_keeps_the_latest_tokens()
    {
        var remembered = new RememberedTickets(clock, most: 10, longest: TimeSpan.FromMinutes(1));
        var cache = remembered.Over(tokens);

        for (var i = 0; i < 100; i++)
        {
            cache.Unprotect($"user{i}:1");
        }

        var reads = tokens.Reads;
        cache.Unprotect("user99:1");

        Assert.InRange(remembered.Count, 1, 10);
        Assert.Equal((100, 100), (reads, tokens.Reads));
    }

    [Fact]
    public void Forgetting_a_user_drops_their_tickets_only()
    {
        var remembered = new RememberedTickets(clock);
        var cache = remembered.Over(tokens);
        cache.Unprotect("ana:1");
        cache.Unprotect("ana:2");
        cache.Unprotect("eva:1");

        remembered.Forget("ana");
        cache.Unprotect("ana:1");
        cache.Unprotect("ana:2");
        cache.Unprotect("eva:1");

        Assert.Equal(5, tokens.Reads);
    }

    [Fact]
    public void A_token_that_does_not_read_is_not_remembered()
    {
        var remembered = new RememberedTickets(clock);
        var cache = remembered.Over(tokens);

        var forged = new[] { cache.Unprotect("forged"), cache.Unprotect("forged") };

        Assert.All(forged, Assert.Null);
        Assert.Equal((2, 0), (tokens.Reads, remembered.Count));
    }

    /// <summary>Tokens "user:n" that read as a ticket of that user; anything else does not read. Counts the reads.</summary>
    private sealed class Tokens : ISecureDataFormat<AuthenticationTicket>
    {
        public int Reads { get; private set; }

        public string Protect(AuthenticationTicket data) => throw new NotSupportedException();

        public string Protect(AuthenticationTicket data, string? purpose) => throw new NotSupportedException();

        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            Reads++;
            if (protectedText?.Split(':') is not [var user, _])
            {
                return null;
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user), new Claim(ClaimTypes.Name, user)], "test");
            return new AuthenticationTicket(new ClaimsPrincipal(identity), "test");
        }
    }
}
