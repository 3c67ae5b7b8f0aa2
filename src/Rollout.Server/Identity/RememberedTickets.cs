using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Rollout.Identity;

/// <summary>
/// Bearer tokens read once: unprotecting a token (a key derivation, a decryption, a MAC and the ticket's
/// deserialisation) cost a crowd's claims more than the claim itself, and a customer in a flash sale sends the same
/// token many times a second. The ticket read from a token is remembered, its principal shared by the requests that send
/// it; the bearer handler still checks the expiry every time. A token cannot be forged into the cache: only a token that
/// unprotects is remembered, under its exact text.
/// <para>
/// Bounded in size and in age: at most <see cref="Most"/> tickets, kept in two generations (the newer takes the
/// additions; when it is half full, or as old as <see cref="Longest"/>, it becomes the older and the older is dropped),
/// so a full cache sheds its oldest half rather than forgetting everyone at once; and a ticket is used for at most
/// <see cref="Longest"/> after it was read, then read again from its token. <see cref="Forget"/> drops a user's tickets
/// at once. Neither revokes a token, which still unprotects until it expires: revocation must also refuse the token when
/// it is read again (a security-stamp check), and this cache bounds how late that check comes.
/// </para>
/// </summary>
internal sealed class RememberedTickets
{
    /// <summary>The most tickets remembered, across both generations.</summary>
    public const int Most = 200_000;

    /// <summary>How long a ticket read from a token is trusted before it is read again.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromMinutes(1);

    private readonly TimeProvider clock;
    private readonly int most;
    private readonly TimeSpan longest;
    private readonly Lock turning = new();
    private volatile Generation newer;
    private volatile Generation older;

    public RememberedTickets(TimeProvider clock)
        : this(clock, Most, Longest)
    {
    }

    internal RememberedTickets(TimeProvider clock, int most, TimeSpan longest)
    {
        (this.clock, this.most, this.longest) = (clock, Math.Max(2, most), longest);
        (newer, older) = (new Generation(clock.GetUtcNow()), new Generation(clock.GetUtcNow()));
    }

    /// <summary>How many tickets are remembered now.</summary>
    public int Count => newer.Tickets.Count + older.Tickets.Count;

    /// <summary>A token format that reads through this cache; writing tokens is the inner format's.</summary>
    public ISecureDataFormat<AuthenticationTicket> Over(ISecureDataFormat<AuthenticationTicket> inner) => new Reader(this, inner);

    /// <summary>Drops every ticket of a user (by account id), so their next request reads its token again.</summary>
    public void Forget(string userId)
    {
        foreach (var generation in (Generation[])[newer, older])
        {
            foreach (var (token, remembered) in generation.Tickets)
            {
                if (remembered.Ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier) == userId)
                {
                    generation.Tickets.TryRemove(token, out _);
                }
            }
        }
    }

    private AuthenticationTicket? Read(string token, ISecureDataFormat<AuthenticationTicket> inner)
    {
        var now = clock.GetUtcNow();
        if (newer.Tickets.TryGetValue(token, out var remembered) && now - remembered.At < longest)
        {
            return remembered.Ticket;
        }

        if (!(older.Tickets.TryGetValue(token, out remembered) && now - remembered.At < longest))
        {
            remembered = inner.Unprotect(token) is { } ticket ? new Remembered(ticket, now) : null;
        }

        if (remembered is not null)
        {
            Remember(token, remembered, now);
        }

        return remembered?.Ticket;
    }

    private void Remember(string token, Remembered remembered, DateTimeOffset now)
    {
        var generation = newer;
        if (generation.Added >= most / 2 || now - generation.Since >= longest)
        {
            lock (turning)
            {
                if (newer == generation)
                {
                    (older, newer) = (generation, new Generation(now));
                }

                generation = newer;
            }
        }

        if (generation.Tickets.TryAdd(token, remembered))
        {
            Interlocked.Increment(ref generation.Added);
        }
        else
        {
            generation.Tickets[token] = remembered; // Read again after it grew old: the newer reading replaces it.
        }
    }

    private sealed record Remembered(AuthenticationTicket Ticket, DateTimeOffset At);

    private sealed class Generation(DateTimeOffset since)
    {
        public readonly ConcurrentDictionary<string, Remembered> Tickets = new(StringComparer.Ordinal);
        public readonly DateTimeOffset Since = since;
        public int Added;
    }

    private sealed class Reader(RememberedTickets cache, ISecureDataFormat<AuthenticationTicket> inner) : ISecureDataFormat<AuthenticationTicket>
    {
        public string Protect(AuthenticationTicket data) => inner.Protect(data);

        public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            if (protectedText is null || purpose is not null)
            {
                return inner.Unprotect(protectedText, purpose);
            }

            // The principal is shared (nothing in Rollout changes a signed-in user's claims); the properties are the request's own.
            return cache.Read(protectedText, inner) is { } ticket ? new AuthenticationTicket(ticket.Principal, ticket.Properties.Clone(), ticket.AuthenticationScheme) : null;
        }
    }
}
