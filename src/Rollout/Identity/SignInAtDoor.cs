using Microsoft.AspNetCore.Identity;

namespace Rollout.Identity;

/// <summary>
/// Checks an e-mail and password at one of two doors: staff (the API's token endpoint, the console) or customers
/// (their token endpoint, the storefront). An account answers only at its own door: at the other it is refused as if
/// the password were wrong, and no failure is counted, so a crowd failing at the customer door can never lock out a
/// member of staff. Lockout counts only failures at the account's own door.
/// </summary>
public static class SignInAtDoor
{
    public const string WrongCode = "auth.wrong_password";
    public const string LockedOutCode = "auth.locked_out";
    public const string DisabledCode = "auth.disabled";
    public const string MustChangeCode = "auth.password_change_required";
    public const string CodeRequiredCode = "auth.second_factor_required";
    public const string WrongFactorCode = "auth.second_factor_wrong";
    public const string EnrolCode = "auth.second_factor_enrolment_required";

    private static readonly Error Wrong = Error.Unauthorized(WrongCode, "The e-mail or password is wrong.");
    private static readonly Error LockedOut = Error.Unauthorized(LockedOutCode, "Too many failed attempts; try again later.");

    /// <summary>
    /// The password, then (when the account has turned it on) the second factor: <paramref name="code"/> is the
    /// authenticator's six digits or one of the account's recovery codes (each works once). A wrong code counts toward
    /// the lockout like a wrong password. An account whose roles require a second factor and that has none enrolled is
    /// refused with <see cref="EnrolCode"/>, which the enrolment steps accept as proof of the password.
    /// </summary>
    public static async Task<Result<RolloutUser>> Handle(Door door, string? email, string? password, string? code, UserManager<RolloutUser> users, SecondFactorSettings factors)
    {
        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email);
        if (user is null || !await IsAt(door, user, users))
        {
            // As long as a real check, so the answer's timing does not tell which e-mails have accounts.
            users.PasswordHasher.HashPassword(new RolloutUser(), password ?? "");
            return Wrong;
        }

        if (await users.IsLockedOutAsync(user))
        {
            return LockedOut;
        }

        if (!await users.CheckPasswordAsync(user, password ?? ""))
        {
            await users.AccessFailedAsync(user);
            return await users.IsLockedOutAsync(user) ? LockedOut : Wrong;
        }

        if (user.DisabledAt is not null)
        {
            return Error.Forbidden(DisabledCode, "This account is disabled; ask an admin.");
        }

        if (user.TwoFactorEnabled)
        {
            if (string.IsNullOrWhiteSpace(code))
            {
                return Error.Unauthorized(CodeRequiredCode, "Enter the 6-digit code from your authenticator app, or one of your recovery codes (twoFactorCode when signing in, code elsewhere).");
            }

            if (!await SecondFactorOpens(user, code, users))
            {
                // Counted like a wrong password, and the right password does not clear it: guessing codes locks the account.
                await users.AccessFailedAsync(user);
                return await users.IsLockedOutAsync(user) ? LockedOut : Error.Unauthorized(WrongFactorCode, "The authenticator code is wrong or too old; enter the one shown now.");
            }
        }

        // Only now is every factor proven: a right password alone never clears the failures of wrong codes.
        await users.ResetAccessFailedCountAsync(user);

        if (user.MustChangePassword)
        {
            return door == Door.Staff
                ? Error.Forbidden(MustChangeCode, "Choose a new password first: POST /api/auth/password with email, currentPassword and newPassword (the console asks at /admin/password).")
                : Error.Forbidden(MustChangeCode, "Choose a new password first.");
        }

        if (!user.TwoFactorEnabled && factors.IsRequired(await users.GetRolesAsync(user)))
        {
            return Error.Forbidden(EnrolCode, door == Door.Staff
                ? "Your role requires a second factor: set up an authenticator app first (POST /api/auth/second-factor with email and password; the console asks at /admin/second-factor)."
                : "Your account requires a second factor: set up an authenticator app first (POST /api/customers/second-factor).");
        }

        return user;
    }

    /// <summary>The authenticator's current code, or an unused recovery code (spent by this check).</summary>
    private static async Task<bool> SecondFactorOpens(RolloutUser user, string code, UserManager<RolloutUser> users)
    {
        var digits = code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return digits.Length == 6 && digits.All(char.IsAsciiDigit)
            ? await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits)
            : (await users.RedeemTwoFactorRecoveryCodeAsync(user, code.Trim())).Succeeded;
    }

    /// <summary>Whether an account belongs at a door: staff hold a staff role; customers hold the customer role and no staff role.</summary>
    public static async Task<bool> IsAt(Door door, RolloutUser user, UserManager<RolloutUser> users)
    {
        var roles = await users.GetRolesAsync(user);
        var staff = roles.Any(r => StaffRoles.All.Contains(r));
        return door == Door.Staff ? staff : !staff && roles.Contains(RolloutUser.CustomerRole);
    }
}
