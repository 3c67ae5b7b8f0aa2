using NodaTime;
using Rollout.Identity;
using Rollout.Server.Http;

namespace Rollout.Audit;

public static class AuditEndpoints
{
    public static void MapAudit(this WebApplication app) =>
        app.MapGet("/api/audit", List)
            .RequireAuthorization(StaffAuthentication.Admin).WithTags("Audit")
            .WithName("ListAuditEntries")
            .WithSummary("What staff did, newest first (admin): ?actor=, ?action= (\"price.changed\", or \"price.\" for every price action), ?subject=, ?from= and ?until= (UTC instants), ?before= (the next page's cursor), ?size= (at most 200).")
            .ProducesProblems(StatusCodes.Status400BadRequest);

    private static async Task<IResult> List(string? actor, string? action, string? subject, DateTimeOffset? from, DateTimeOffset? until, long? before, int? size, RolloutDb db, CancellationToken ct) =>
        TypedResults.Ok(await ReadAudit.Page(new AuditFilter(actor, action, subject, At(from), At(until)), before, size ?? 50, db, ct));

    private static Instant? At(DateTimeOffset? at) => at is { } value ? Instant.FromDateTimeOffset(value) : null;
}
