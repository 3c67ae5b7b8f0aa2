using Microsoft.AspNetCore.Identity;
using Rollout.Storage;

namespace Rollout.Identity;

/// <summary>The answer to turning a second factor on: ten recovery codes, each good once, shown this once.</summary>
public sealed record SecondFactorOn(IReadOnlyList<string> RecoveryCodes);

/// <summary>
/// The second step: a code from the authenticator proves the app holds the key, and the second factor is on. Every
/// session of the account ends (they were opened with a password alone), and ten recovery codes are issued.
/// </summary>
public static class ConfirmAuthenticator
{
    public const int RecoveryCodes = 10;

    public static async Task<Result<SecondFactorOn>> Handle(
        Door door, SecondFactorRequest request, UserManager<RolloutUser> users, SecondFactorSettings factors, RolloutDb db, SessionCheck check, TimeProvider clock, CancellationToken ct)
    {
        var proven = await StartAuthenticator.Prove(door, request.Email, request.Password, users, factors);
        if (!proven.IsSuccess)
        {
            return proven.Error;
        }

        return await Confirm(proven.Value, request.Code, users, db, check, clock, ct);
    }

    /// <summary>For an account already proven (the pages prove the password in the step before).</summary>
    public static async Task<Result<SecondFactorOn>> Confirm(
        RolloutUser user, string? code, UserManager<RolloutUser> users, RolloutDb db, SessionCheck check, TimeProvider clock, CancellationToken ct)
    {
        if (user.TwoFactorEnabled)
        {
            return Error.Conflict("auth.second_factor_on", "A second factor is already on for this account.");
        }

        if (await users.GetAuthenticatorKeyAsync(user) is null)
        {
            return Error.Invalid("code", "auth.second_factor_not_started", "Start first: ask for an authenticator key, add it to the app, then send the code it shows.");
        }

        var digits = (code ?? "").Replace(" ", "", StringComparison.Ordinal);
        if (digits.Length != 6 || !digits.All(char.IsAsciiDigit)
            || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            await users.AccessFailedAsync(user);
            return Error.Invalid("code", "auth.second_factor_wrong", "Not the code the authenticator shows now: 6 digits, made from the key just given (check the phone's clock).");
        }

        // Codes first: if another change to the account wins the race, nothing is on and the owner simply tries again.
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodes);
        if (codes is null || !(await users.SetTwoFactorEnabledAsync(user, true)).Succeeded)
        {
            return Error.Conflict("auth.account_changed", "The account changed at the same moment; send the code the app shows now again.");
        }

        await users.UpdateSecurityStampAsync(user);
        await EndSession.All(user.Id, EndReasons.AccountChanged, db, check, clock, ct);
        return new SecondFactorOn([.. codes!]);
    }
}
