using Rollout.Storage;

namespace Rollout.Audit;

/// <summary>
/// Adds an audit entry to the unit of work that makes the change, so the entry and the change are saved together or
/// not at all. Call it before the write's <c>SaveChanges</c>.
/// </summary>
public static class RecordAudit
{
    public static void Add(RolloutDb db, string actor, string action, string subject, object? before, object? after, Instant at) =>
        db.AuditEntries.Add(AuditEntry.Of(actor, action, subject, before, after, at));
}
