using Microsoft.AspNetCore.Identity;
using Rollout.Storage;

namespace Rollout.Identity;

/// <summary>
/// The owner turns their second factor off, proving the password and a current code (or a recovery code). Refused
/// when the account's roles require one (<see cref="SecondFactorSettings"/>). The key is forgotten, so enrolling again
/// starts from a new one.
/// </summary>
public static class TurnOffAuthenticator
{
    public static async Task<Result<string>> Handle(
        Door door, SecondFactorRequest request, UserManager<RolloutUser> users, SecondFactorSettings factors, RolloutDb db, SessionCheck check, TimeProvider clock, CancellationToken ct)
    {
        var proven = await SignInAtDoor.Handle(door, request.Email, request.Password, request.Code, users, factors);
        if (!proven.IsSuccess)
        {
            return proven.Error;
        }

        var user = proven.Value;
        if (!user.TwoFactorEnabled)
        {
            return Error.Conflict("auth.second_factor_off", "No second factor is on for this account.");
        }

        if (factors.IsRequired(await users.GetRolesAsync(user)))
        {
            return Error.Conflict("auth.second_factor_required_by_role", "Your role requires a second factor; it cannot be turned off (an admin can reset it when a phone is lost).");
        }

        return await Remove(user, users, db, check, clock, ct);
    }

    /// <summary>Turns the second factor off and forgets its key and recovery codes; the account's sessions end.</summary>
    internal static async Task<Result<string>> Remove(RolloutUser user, UserManager<RolloutUser> users, RolloutDb db, SessionCheck check, TimeProvider clock, CancellationToken ct)
    {
        // Off first: only once that is saved are the key and codes forgotten, so an account is never "on" without a key.
        if (!(await users.SetTwoFactorEnabledAsync(user, false)).Succeeded)
        {
            return Error.Conflict("auth.account_changed", "The account changed at the same moment; try again.");
        }

        await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey");
        await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "RecoveryCodes");
        await users.UpdateSecurityStampAsync(user);
        await EndSession.All(user.Id, EndReasons.AccountChanged, db, check, clock, ct);
        return user.Id;
    }
}
