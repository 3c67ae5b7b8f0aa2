using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Identity;

/// <summary>
/// When a server starts, the sessions of accounts whose roles now require a second factor they have not set up end
/// (for instance the first start after an upgrade that turned the requirement on): they were opened with a password
/// alone. The owners sign in again and are sent to enrol. Changing roles ends sessions already.
/// </summary>
public static class EndSessionsLackingSecondFactor
{
    public static async Task<int> Handle(SecondFactorSettings factors, RolloutDb db, SessionCheck check, TimeProvider clock, CancellationToken ct)
    {
        if (factors.RequiredFor.Count == 0)
        {
            return 0;
        }

        var required = factors.RequiredFor.ToArray();
        var accounts = await (from ur in db.UserRoles
                              join r in db.Roles on ur.RoleId equals r.Id
                              join u in db.Users on ur.UserId equals u.Id
                              where required.Contains(r.Name!) && !u.TwoFactorEnabled
                              where db.Sessions.Any(s => s.UserId == u.Id && s.EndedAt == null)
                              select u.Id).Distinct().ToListAsync(ct);
        foreach (var id in accounts)
        {
            await EndSession.All(id, EndReasons.AccountChanged, db, check, clock, ct);
        }

        return accounts.Count;
    }
}
