using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Identity;

/// <summary>A staff member's keys, newest first, without their secrets (which nobody has kept).</summary>
public static class ListApiKeys
{
    public static async Task<Result<IReadOnlyList<ApiKeyResponse>>> Handle(string email, UserManager<RolloutUser> users, RolloutDb db, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null || !await SignInAtDoor.IsAt(Door.Staff, user, users))
        {
            return Error.NotFound("staff.not_found", $"No staff member has the e-mail {email}.");
        }

        var keys = await db.StaffApiKeys.AsNoTracking().Where(k => k.UserId == user.Id).OrderByDescending(k => k.IssuedAt).ToListAsync(ct);
        return Result<IReadOnlyList<ApiKeyResponse>>.Success([.. keys.Select(ToResponse)]);
    }

    internal static ApiKeyResponse ToResponse(StaffApiKey key) => new(key.Id, key.Name, key.RoleList, key.IssuedAt, key.ExpiresAt, key.RevokedAt, key.IssuedBy);
}
