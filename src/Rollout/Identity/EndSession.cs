using Rollout.Storage;
using Microsoft.EntityFrameworkCore;

namespace Rollout.Identity;

/// <summary>Ends one session (a sign-out, a reused refresh token) or all of an account's (the account changed).</summary>
public static class EndSession
{
    public static async Task Handle(string sessionId, string reason, RolloutDb db, SessionCheck check, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Sessions.Where(s => s.Id == sessionId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now).SetProperty(x => x.EndReason, reason), ct);
        check.Forget(sessionId);
    }

    public static async Task All(string userId, string reason, RolloutDb db, SessionCheck check, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Sessions.Where(s => s.UserId == userId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now).SetProperty(x => x.EndReason, reason), ct);
        check.ForgetAccount(userId);
    }
}
