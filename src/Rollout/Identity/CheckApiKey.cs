using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Identity;

/// <summary>Who a key is and what it may do now: its roles that the account still holds, while it and the account work.</summary>
public static class CheckApiKey
{
    public sealed record Holder(string UserId, string Email, string KeyId, IReadOnlyList<string> Roles);

    public static async Task<Holder?> Handle(string? text, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var dot = text?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (text is null || !text.StartsWith(StaffApiKey.Prefix, StringComparison.Ordinal) || dot < 0)
        {
            return null;
        }

        var id = text[StaffApiKey.Prefix.Length..dot];
        var secret = text[(dot + 1)..];
        var found = await (from k in db.StaffApiKeys.AsNoTracking()
                           where k.Id == id
                           join u in db.Users on k.UserId equals u.Id
                           select new { Key = k, u.Email, u.DisabledAt }).FirstOrDefaultAsync(ct);
        if (found is null || found.DisabledAt is not null || !found.Key.Opens(secret, clock.GetUtcNow()))
        {
            return null;
        }

        var held = await (from ur in db.UserRoles
                          join r in db.Roles on ur.RoleId equals r.Id
                          where ur.UserId == found.Key.UserId
                          select r.Name!).ToListAsync(ct);
        var roles = found.Key.RoleList.Where(held.Contains).ToList();
        return roles.Count == 0 ? null : new Holder(found.Key.UserId, found.Email!, found.Key.Id, roles);
    }
}
