using Rollout.Storage;
using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace Rollout.Identity;

/// <summary>
/// Is the session a ticket names still live? Asked on every request that carries a bearer token or a cookie: one
/// lookup by primary key of the session joined to its account (its stamp, whether it is disabled). A server may trust
/// its last "yes" for <see cref="SessionSettings.CheckFor"/> (a second by default), measured on the machine's clock;
/// every change made on this server forgets the account's answers at once, so only other servers can be that late.
/// "No" is never remembered. See decision 13.
/// </summary>
public sealed class SessionCheck(SessionSettings settings, TimeProvider clock)
{
    private const int Most = 100_000;

    // Compiled once per provider: a compiled query keeps the model it first ran with.
    private static readonly ConcurrentDictionary<Type, Func<RolloutDb, string, CancellationToken, Task<Look?>>> Finds = new();

    private readonly ConcurrentDictionary<string, Trusted> trusted = new(StringComparer.Ordinal);

    /// <summary>
    /// True when the session exists, belongs to <paramref name="userId"/>, has not ended or expired, its account is
    /// enabled and unchanged since it began, and the ticket's own stamp (when it has one) is the account's.
    /// </summary>
    public async ValueTask<bool> IsLive(string? sessionId, string? userId, string? ticketStamp, RolloutDb db, CancellationToken ct)
    {
        if (sessionId is null || userId is null)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (trusted.TryGetValue(sessionId, out var known)
            && known.UserId == userId
            && (ticketStamp is null || known.Stamp == ticketStamp)
            && now < known.ExpiresAt
            && Stopwatch.GetElapsedTime(known.CheckedAt) < settings.CheckFor)
        {
            return true;
        }

        var find = Finds.GetOrAdd(db.GetType(), _ => EF.CompileAsyncQuery(
            (RolloutDb db, string id, CancellationToken ct) =>
                (from s in db.Sessions
                 where s.Id == id
                 join u in db.Users on s.UserId equals u.Id
                 select new Look(s.UserId, s.Stamp, s.ExpiresAt, s.EndedAt, u.SecurityStamp, u.DisabledAt)).FirstOrDefault()));
        var look = await find(db, sessionId, ct);
        var live = look is not null
            && look.UserId == userId
            && look.EndedAt is null
            && now < look.ExpiresAt
            && look.DisabledAt is null
            && look.Stamp == look.AccountStamp
            && (ticketStamp is null || ticketStamp == look.AccountStamp);
        if (!live)
        {
            trusted.TryRemove(sessionId, out _);
            return false;
        }

        if (settings.CheckFor > TimeSpan.Zero)
        {
            if (trusted.Count >= Most)
            {
                trusted.Clear();
            }

            trusted[sessionId] = new Trusted(userId, look!.Stamp, look.ExpiresAt, Stopwatch.GetTimestamp());
        }

        return true;
    }

    /// <summary>Forgets what this server knew of one session (it was just ended here).</summary>
    public void Forget(string sessionId) => trusted.TryRemove(sessionId, out _);

    /// <summary>Forgets what this server knew of every session of an account (it was just changed here).</summary>
    public void ForgetAccount(string userId)
    {
        foreach (var (id, known) in trusted)
        {
            if (known.UserId == userId)
            {
                trusted.TryRemove(id, out _);
            }
        }
    }

    private sealed record Look(string UserId, string Stamp, DateTime ExpiresAt, DateTime? EndedAt, string? AccountStamp, DateTime? DisabledAt);

    private sealed record Trusted(string UserId, string Stamp, DateTime ExpiresAt, long CheckedAt);
}
