using Rollout.Identity;

namespace Rollout.Server.Http;

/// <summary>
/// Who the audit log names for what a request changes, where no signed-in member of staff does (the server's
/// middleware names those). Here, so that Identity need not know the audit log (capability rules).
/// </summary>
public static class AuditActors
{
    /// <summary>
    /// A member of staff changing their own account without a session (second factor, password) is the actor of
    /// what changes: nothing is recorded unless their password (and code) were proven.
    /// </summary>
    public static void ActsForSelf(Door door, string? email)
    {
        if (door == Door.Staff && Rollout.Audit.AuditActor.Current is null && !string.IsNullOrWhiteSpace(email))
        {
            Rollout.Audit.AuditActor.Set($"self:{email.Trim()}");
        }
    }
}
