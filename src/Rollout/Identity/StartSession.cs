using Rollout.Storage;
using Microsoft.AspNetCore.Identity;

namespace Rollout.Identity;

/// <summary>A new session after a good password: the row every ticket will name, and its first refresh token when the caller takes tokens.</summary>
public static class StartSession
{
    public static async Task<(Session Session, string? RefreshToken)> Handle(
        RolloutUser user, Door door, bool withRefreshToken, UserManager<RolloutUser> users, RolloutDb db, SessionSettings settings, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var stamp = await users.GetSecurityStampAsync(user);
        var session = Session.Start(user.Id, stamp, door, now, settings.LifetimeAt(door));
        db.Sessions.Add(session);
        string? refresh = null;
        if (withRefreshToken)
        {
            (refresh, var row) = RefreshToken.Issue(session.Id, now);
            db.RefreshTokens.Add(row);
        }

        await db.SaveChangesAsync(ct);
        return (session, refresh);
    }
}
