using Microsoft.AspNetCore.Identity;
using Rollout.Storage;

namespace Rollout.Identity;

/// <summary>Which storefront the link opens (its language too); without one, the first live market.</summary>
public sealed record EmailConfirmationRequest(string? Market);

public sealed record EmailConfirmationResponse(string Email, bool EmailConfirmed, bool Sent, string Message);

/// <summary>
/// Sends a signed-in customer a link that confirms their e-mail address (at registration, and whenever they ask): an
/// e-mail through the outbox with Identity's e-mail confirmation token, which works for
/// <see cref="AccountTokens.ConfirmationLifetime"/>. Some flash sales admit only customers who confirmed theirs.
/// </summary>
public static class RequestEmailConfirmation
{
    public static async Task<Result<EmailConfirmationResponse>> Handle(
        string customerId, AccountLinks links, UserManager<RolloutUser> users, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(customerId);
        if (user is null || !await SignInAtDoor.IsAt(Door.Customer, user, users))
        {
            return Error.NotFound("customer.not_found", "This account no longer exists.");
        }

        if (user.EmailConfirmed)
        {
            return new EmailConfirmationResponse(user.Email!, true, false, $"{user.Email} is confirmed already.");
        }

        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        db.OutboxMessages.Add(AccountMail.Confirmation(user.Email!, links.ConfirmEmail(user.Email!, token), links.Language, clock.Now()));
        await db.SaveChangesAsync(ct);
        return new EmailConfirmationResponse(user.Email!, false, true, $"A link to confirm {user.Email} is on its way; it works for {AccountTokens.ConfirmationLifetime.TotalDays:0} days.");
    }
}
