using Microsoft.AspNetCore.Identity;
using Rollout.Storage;

namespace Rollout.Identity;

public sealed record SetStaffPasswordRequest(string? Password, bool? MustChange);

/// <summary>
/// An admin sets a staff member's password (forgotten, or locked out). The owner must choose their own at the next
/// sign-in unless the admin says otherwise; the account's sessions end and its lockout is lifted.
/// </summary>
public static class SetStaffPassword
{
    public static async Task<Result<StaffMember>> Handle(
        string email, SetStaffPasswordRequest request, UserManager<RolloutUser> users, RolloutDb db, SessionCheck check, TimeProvider clock, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null || !await SignInAtDoor.IsAt(Door.Staff, user, users))
        {
            return Error.NotFound("staff.not_found", $"No staff member has the e-mail {email}.");
        }

        var set = await Apply(user, request.Password, mustChange: request.MustChange ?? true, "password", users, db, check, clock, ct);
        if (!set.IsSuccess)
        {
            return set.Error;
        }

        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        var roles = (await users.GetRolesAsync(user)).Where(r => StaffRoles.All.Contains(r)).Order(StringComparer.Ordinal).ToList();
        return new StaffMember(user.Email!, roles, user.DisabledAt is not null, user.MustChangePassword, false);
    }

    /// <summary>
    /// Checks a new password against every rule (length, the common-password list), then stores its hash and a new
    /// security stamp in one update and ends the account's sessions.
    /// </summary>
    internal static async Task<Result<string>> Apply(
        RolloutUser user, string? password, bool mustChange, string field, UserManager<RolloutUser> users, RolloutDb db, SessionCheck check, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator();
        foreach (var rule in users.PasswordValidators)
        {
            foreach (var broken in (await rule.ValidateAsync(users, user, password ?? "")).Errors)
            {
                validator.Add(field, broken.Description);
            }
        }

        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        user.PasswordHash = users.PasswordHasher.HashPassword(user, password!);
        user.MustChangePassword = mustChange;
        await users.UpdateSecurityStampAsync(user); // Saves the hash and the flag with the new stamp.
        await EndSession.All(user.Id, EndReasons.AccountChanged, db, check, clock, ct);
        return user.Id;
    }
}
