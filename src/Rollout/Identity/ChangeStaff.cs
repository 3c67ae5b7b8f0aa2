using Rollout.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Rollout.Identity;

/// <summary>What an admin changes about a staff account; absent fields stay as they are.</summary>
public sealed record ChangeStaffRequest(string[]? Roles, bool? Disabled);

/// <summary>
/// Changes a staff account's roles or disables and enables it. Any change makes a new security stamp and ends the
/// account's sessions, so its tokens and cookies stop at the next request. The last enabled admin can be neither
/// disabled nor stripped of the admin role: changes that touch admins take the admin role's row first, so two admins
/// disabling each other at once are one after the other, and the second is refused.
/// </summary>
public static class ChangeStaff
{
    public const string LastAdminCode = "staff.last_admin";

    public static async Task<Result<StaffMember>> Handle(
        string email, ChangeStaffRequest request, UserManager<RolloutUser> users, RoleManager<IdentityRole> roles, RolloutDb db, SessionCheck check, TimeProvider clock, CancellationToken ct)
    {
        var validator = new Validator();
        validator.Require(request.Roles is not null || request.Disabled is not null, "roles", "Give roles, disabled, or both.");
        if (request.Roles is { } wanted)
        {
            validator.Require(wanted.Length > 0, "roles", $"Give at least one role ({string.Join(", ", StaffRoles.All)}); to stop someone signing in, disable the account.");
            foreach (var role in wanted.Where(r => !StaffRoles.All.Contains(r)))
            {
                validator.Add("roles", $"'{role}' is not a role; the roles are {string.Join(", ", StaffRoles.All)}.");
            }
        }

        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var changed = await Transactions.Run(db, async () =>
        {
            // Every change that could leave no admin waits here for the one before it (a row lock on PostgreSQL, the write lock on SQLite).
            var adminRole = users.NormalizeName(StaffRoles.Admin);
            await db.Roles.Where(r => r.NormalizedName == adminRole).ExecuteUpdateAsync(s => s.SetProperty(r => r.ConcurrencyStamp, r => r.ConcurrencyStamp), ct);

            var user = await users.FindByEmailAsync(email);
            if (user is null || !await SignInAtDoor.IsAt(Door.Staff, user, users))
            {
                return Error.NotFound("staff.not_found", $"No staff member has the e-mail {email}.");
            }

            var current = (await users.GetRolesAsync(user)).Where(r => StaffRoles.All.Contains(r)).ToList();
            var next = request.Roles?.Distinct().ToList() ?? current;
            var disabled = request.Disabled ?? user.DisabledAt is not null;
            var isLiveAdmin = current.Contains(StaffRoles.Admin) && user.DisabledAt is null;
            if (isLiveAdmin && (disabled || !next.Contains(StaffRoles.Admin)))
            {
                var otherAdmins = await (from ur in db.UserRoles
                                         join r in db.Roles on ur.RoleId equals r.Id
                                         join u in db.Users on ur.UserId equals u.Id
                                         where r.NormalizedName == adminRole && u.Id != user.Id && u.DisabledAt == null
                                         select u.Id).CountAsync(ct);
                if (otherAdmins == 0)
                {
                    return Error.Conflict(LastAdminCode, $"{email} is the last enabled admin: make another admin first, then {(disabled ? "disable" : "change")} this account.");
                }
            }

            foreach (var role in next.Except(current).Where(r => !roles.Roles.Any(existing => existing.Name == r)))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }

            if (current.Except(next).ToList() is { Count: > 0 } removed)
            {
                await users.RemoveFromRolesAsync(user, removed);
            }

            if (next.Except(current).ToList() is { Count: > 0 } added)
            {
                await users.AddToRolesAsync(user, added);
            }

            user.DisabledAt = disabled ? user.DisabledAt ?? clock.GetUtcNow().UtcDateTime : null;
            await users.UpdateSecurityStampAsync(user);
            await EndSession.All(user.Id, EndReasons.AccountChanged, db, check, clock, ct);
            return Result<(string Id, StaffMember Member)>.Success((user.Id, new StaffMember(user.Email!, [.. next.OrderBy(r => r, StringComparer.Ordinal)], disabled, user.MustChangePassword, false)));
        }, ct);
        if (!changed.IsSuccess)
        {
            return changed.Error;
        }

        // Again after the commit: a request between the first forgetting and the commit may have read the old stamp.
        check.ForgetAccount(changed.Value.Id);
        return changed.Value.Member;
    }
}
