using Microsoft.AspNetCore.Identity;
using Rollout.Storage;

namespace Rollout.Identity;

/// <summary>
/// An admin resets a member of staff's second factor (a lost phone): it is off, its key and recovery codes forgotten,
/// and the account's sessions end. If the member's role requires one, their next sign-in asks them to enrol again.
/// </summary>
public static class ResetStaffSecondFactor
{
    public static async Task<Result<StaffMember>> Handle(string email, UserManager<RolloutUser> users, RolloutDb db, SessionCheck check, TimeProvider clock, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null || !await SignInAtDoor.IsAt(Door.Staff, user, users))
        {
            return Error.NotFound("staff.not_found", $"No staff member has the e-mail {email}.");
        }

        if (await TurnOffAuthenticator.Remove(user, users, db, check, clock, ct) is { IsSuccess: false } failed)
        {
            return failed.Error;
        }

        var roles = (await users.GetRolesAsync(user)).Where(r => StaffRoles.All.Contains(r)).Order(StringComparer.Ordinal).ToList();
        return new StaffMember(user.Email!, roles, user.DisabledAt is not null, user.MustChangePassword, false);
    }
}
