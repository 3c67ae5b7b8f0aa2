using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Rollout.Storage;

namespace Rollout.Identity;

/// <summary>The account's e-mail address, and which storefront the link opens (its language too); without one, the first live market.</summary>
public sealed record PasswordResetRequest(string? Email, string? Market);

public sealed record PasswordResetAccepted(string Message);

/// <summary>
/// A customer who forgot their password asks for a link to choose a new one. The answer is the same whether or not
/// a customer account has the address: only a customer's gets an e-mail (through the outbox, with Identity's password
/// reset token, which works for <see cref="AccountTokens.ResetLifetime"/>); a staff account's never does (staff ask an
/// admin, at their own door), and an unknown address gets nothing.
/// </summary>
public static class RequestPasswordReset
{
    public static readonly PasswordResetAccepted Accepted = new(
        $"If a customer account has this e-mail address, a link to choose a new password is on its way; it works for {AccountTokens.ResetLifetime.TotalHours:0} hours.");

    public static async Task<Result<PasswordResetAccepted>> Handle(
        PasswordResetRequest request, AccountLinks links, UserManager<RolloutUser> users, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        if (!MailAddress.TryCreate(request.Email, out var mail) || mail.Address != request.Email)
        {
            return Error.Invalid("email", "customer.email_invalid", $"'{request.Email}' is not an e-mail address (name@example.com).");
        }

        var user = await users.FindByEmailAsync(request.Email);
        if (user is not null && await SignInAtDoor.IsAt(Door.Customer, user, users))
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            db.OutboxMessages.Add(AccountMail.PasswordReset(user.Email!, links.ResetPassword(user.Email!, token), links.Language, clock.Now()));
            await db.SaveChangesAsync(ct);
        }

        return Accepted;
    }
}
