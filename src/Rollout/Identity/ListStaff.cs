using Rollout.Storage;
using Microsoft.EntityFrameworkCore;

namespace Rollout.Identity;

/// <summary>A staff account's state; <paramref name="SecondFactor"/> is whether an authenticator is on.</summary>
public sealed record StaffMember(string Email, IReadOnlyList<string> Roles, bool Disabled, bool MustChangePassword, bool LockedOut, bool SecondFactor = false);

public sealed record StaffPage(IReadOnlyList<StaffMember> Items, int Page, int PageSize, int Total);

/// <summary>Staff accounts by e-mail, a page at a time, with their roles and state.</summary>
public static class ListStaff
{
    public const int MaxPageSize = 200;

    public static async Task<Result<StaffPage>> Handle(int? page, int? pageSize, RolloutDb db, CancellationToken ct)
    {
        var validator = new Validator();
        validator.Require(page is null or >= 1, "page", "Pages count from 1.");
        validator.Require(pageSize is null or (>= 1 and <= MaxPageSize), "pageSize", $"From 1 to {MaxPageSize}.");
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var number = page ?? 1;
        var size = pageSize ?? 50;
        var staffRoles = StaffRoles.All.ToArray();
        var staffIds = from ur in db.UserRoles
                       join r in db.Roles on ur.RoleId equals r.Id
                       where staffRoles.Contains(r.Name!)
                       select ur.UserId;
        var staff = db.Users.AsNoTracking().Where(u => staffIds.Contains(u.Id));
        var total = await staff.CountAsync(ct);
        var users = await staff.OrderBy(u => u.NormalizedEmail).Skip((number - 1) * size).Take(size)
            .Select(u => new { u.Id, u.Email, u.DisabledAt, u.MustChangePassword, u.LockoutEnd, u.TwoFactorEnabled }).ToListAsync(ct);
        var ids = users.Select(u => u.Id).ToArray();
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(ct);
        var now = DateTimeOffset.UtcNow; // Identity locks accounts out by the machine's clock, not an injected one.
        return new StaffPage(
            [.. users.Select(u => new StaffMember(
                u.Email!,
                [.. roles.Where(r => r.UserId == u.Id && StaffRoles.All.Contains(r.Name!)).Select(r => r.Name!).OrderBy(r => r, StringComparer.Ordinal)],
                u.DisabledAt is not null,
                u.MustChangePassword,
                u.LockoutEnd is { } end && end > now,
                u.TwoFactorEnabled))],
            number,
            size,
            total);
    }
}
