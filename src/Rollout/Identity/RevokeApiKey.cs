using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Identity;

/// <summary>Revokes one of a staff member's keys: its next use is refused.</summary>
public static class RevokeApiKey
{
    public static async Task<Result<ApiKeyResponse>> Handle(string email, string id, UserManager<RolloutUser> users, RolloutDb db, TimeProvider clock, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email);
        var key = user is null ? null : await db.StaffApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.UserId == user.Id, ct);
        if (key is null)
        {
            return Error.NotFound("staff.key_not_found", $"{email} has no key {id}.");
        }

        key.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return ListApiKeys.ToResponse(key);
    }
}
