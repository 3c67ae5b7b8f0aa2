using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Audit;

/// <summary>Filters over the audit log; each is optional. <c>From</c> and <c>Until</c> are instants, until exclusive.</summary>
public sealed record AuditFilter(string? Actor = null, string? Action = null, string? Subject = null, Instant? From = null, Instant? Until = null);

public sealed record AuditEntryResponse(long Id, DateTimeOffset At, string Actor, string Action, string Subject, string? Before, string? After);

/// <summary>A page of entries, newest first, and where the next page starts (null on the last).</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntryResponse> Entries, long? Next);

/// <summary>The audit log, newest first: a page at a time for the console and the API, or streamed whole for an export.</summary>
public static class ReadAudit
{
    public const int MaxPage = 200;

    /// <summary>The entries older than <paramref name="before"/> (an entry id; null for the newest), at most <paramref name="size"/>.</summary>
    public static async Task<AuditPage> Page(AuditFilter filter, long? before, int size, RolloutDb db, CancellationToken ct)
    {
        size = Math.Clamp(size, 1, MaxPage);
        var query = Filtered(filter, db);
        if (before is { } id)
        {
            query = query.Where(e => e.Id < id);
        }

        var rows = await query.OrderByDescending(e => e.Id).Take(size + 1).ToListAsync(ct);
        var entries = rows.Take(size).Select(Response).ToList();
        return new AuditPage(entries, rows.Count > size ? entries[^1].Id : null);
    }

    /// <summary>Every entry that passes the filter, oldest first, read as it is written out (an export of a year stays small in memory).</summary>
    public static IAsyncEnumerable<AuditEntryResponse> Stream(AuditFilter filter, RolloutDb db) =>
        Filtered(filter, db).OrderBy(e => e.Id).AsAsyncEnumerable().Select(Response);

    private static IQueryable<AuditEntry> Filtered(AuditFilter filter, RolloutDb db)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            query = query.Where(e => e.Actor == filter.Actor.Trim());
        }

        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var action = filter.Action.Trim();
            query = action.EndsWith('.') ? query.Where(e => e.Action.StartsWith(action)) : query.Where(e => e.Action == action);
        }

        if (!string.IsNullOrWhiteSpace(filter.Subject))
        {
            query = query.Where(e => e.Subject == filter.Subject.Trim());
        }

        if (filter.From is { } from)
        {
            query = query.Where(e => e.At >= from);
        }

        if (filter.Until is { } until)
        {
            query = query.Where(e => e.At < until);
        }

        return query;
    }

    private static AuditEntryResponse Response(AuditEntry e) => new(e.Id, e.At.ToDateTimeOffset(), e.Actor, e.Action, e.Subject, e.Before, e.After);
}
