using Rollout.Storage;
using Microsoft.EntityFrameworkCore;

namespace Rollout.Identity;

/// <summary>
/// A refresh token buys the next one and a new bearer token, inside its session's lifetime. Each token is used once:
/// marking it used is one conditional update, so of two requests with the same token only one wins; a token already
/// used ends its whole session (its family), because two holders means one of them stole it.
/// </summary>
public static class RefreshSession
{
    public sealed record Refreshed(Session Session, RolloutUser User, string RefreshToken);

    private static readonly Error Refused = Error.Unauthorized("auth.refresh_refused", "The refresh token is unknown, used, expired, or its session ended; sign in again.");

    public static async Task<Result<Refreshed>> Handle(string? token, RolloutDb db, SessionCheck check, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return Refused;
        }

        var now = clock.GetUtcNow();
        var hash = RefreshToken.HashOf(token);
        var at = now.UtcDateTime;
        if (await db.RefreshTokens.Where(t => t.Hash == hash && t.UsedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, at), ct) == 0)
        {
            if (await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Hash == hash, ct) is { } reused)
            {
                await EndSession.Handle(reused.SessionId, EndReasons.RefreshReused, db, check, clock, ct);
            }

            return Refused;
        }

        var sessionId = await db.RefreshTokens.Where(t => t.Hash == hash).Select(t => t.SessionId).FirstAsync(ct);
        var session = await db.Sessions.AsNoTracking().FirstAsync(s => s.Id == sessionId, ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == session.UserId, ct);
        if (user is null || !session.IsLive(now) || user.DisabledAt is not null || user.SecurityStamp != session.Stamp)
        {
            return Refused;
        }

        var (next, row) = RefreshToken.Issue(session.Id, now);
        db.RefreshTokens.Add(row);
        await db.SaveChangesAsync(ct);
        return new Refreshed(session, user, next);
    }
}
