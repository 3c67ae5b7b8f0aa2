using Microsoft.AspNetCore.Identity;
using Rollout.Storage;

namespace Rollout.Identity;

/// <summary>The e-mail address and token of a reset link, and the new password.</summary>
public sealed record ResetPasswordRequest(string? Email, string? Token, string? NewPassword);

/// <summary>
/// The link of <see cref="RequestPasswordReset"/> followed: with a good token, the new password (at least 12
/// characters, not a common one) replaces the old, every session of the account ends (tokens, refresh tokens,
/// cookies), a lockout is lifted, and the address counts as confirmed (the link was read there). The new security
/// stamp ends the token too, and every other link sent before. A wrong or expired token, an unknown address or a staff
/// account's all get the same answer.
/// </summary>
public static class ResetPassword
{
    public const string BadLinkCode = "customer.reset_link_invalid";

    public static async Task<Result<string>> Handle(ResetPasswordRequest request, UserManager<RolloutUser> users, RolloutDb db, SessionCheck check, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator();
        validator.Require(!string.IsNullOrWhiteSpace(request.Email), "email", "Required: the e-mail address the link was sent to.");
        validator.Require(!string.IsNullOrWhiteSpace(request.Token), "token", "Required: the token of the link.");
        foreach (var rule in users.PasswordValidators)
        {
            foreach (var broken in (await rule.ValidateAsync(users, new RolloutUser(), request.NewPassword ?? "")).Errors)
            {
                validator.Add("newPassword", broken.Description);
            }
        }

        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var user = await users.FindByEmailAsync(request.Email!);
        if (user is null || !await SignInAtDoor.IsAt(Door.Customer, user, users)
            || !await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<RolloutUser>.ResetPasswordTokenPurpose, request.Token!))
        {
            return Error.Invalid("token", BadLinkCode, $"This link is wrong, used or has expired (links work for {AccountTokens.ResetLifetime.TotalHours:0} hours); ask for a new one.");
        }

        user.EmailConfirmed = true;
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        return await SetStaffPassword.Apply(user, request.NewPassword, mustChange: false, "newPassword", users, db, check, clock, ct);
    }
}
