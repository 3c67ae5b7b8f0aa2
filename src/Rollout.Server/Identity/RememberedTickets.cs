using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;

namespace Rollout.Identity;

/// <summary>
/// Bearer tokens read once: unprotecting a token (a key derivation, a decryption, a MAC and the ticket's
/// deserialisation) cost a crowd's claims more than the claim itself, and a customer in a flash sale sends the same
/// token many times a second. The ticket read from a token is remembered (a bounded number, forgotten all at once
/// when full), its principal shared by the requests that send it; the handler still checks the expiry every time. A token cannot be
/// forged into the cache: only a token that unprotects is remembered, under its exact text.
/// </summary>
internal sealed class RememberedTickets(ISecureDataFormat<AuthenticationTicket> inner) : ISecureDataFormat<AuthenticationTicket>
{
    private const int Most = 200_000;
    private readonly ConcurrentDictionary<string, AuthenticationTicket> tickets = new(StringComparer.Ordinal);

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null || purpose is not null)
        {
            return inner.Unprotect(protectedText, purpose);
        }

        if (!tickets.TryGetValue(protectedText, out var ticket))
        {
            ticket = inner.Unprotect(protectedText);
            if (ticket is null)
            {
                return null;
            }

            if (tickets.Count >= Most)
            {
                tickets.Clear();
            }

            tickets[protectedText] = ticket;
        }

        // The principal is shared (nothing in Rollout changes a signed-in user's claims); the properties are the request's own.
        return new AuthenticationTicket(ticket.Principal, ticket.Properties.Clone(), ticket.AuthenticationScheme);
    }
}
