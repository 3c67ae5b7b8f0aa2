using System.Text.Json;

namespace Rollout.Audit;

/// <summary>
/// One thing a member of staff did: who, when, what, to which subject, with the subject as it was before and after
/// (JSON). Entries are only ever added: the database refuses to change or delete one (see the Initial migration's
/// triggers), and no code path offers to.
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
    }

    public long Id { get; private set; }

    public Instant At { get; private set; }

    /// <summary>The staff member's e-mail (or "cli" for a command run on the server, "demo" for the demo's loading).</summary>
    public string Actor { get; private set; } = "";

    /// <summary>What was done, as "subject.verb": "price.set", "market.close", "stock.adjust", "staff.roles", "order.cancel".</summary>
    public string Action { get; private set; } = "";

    /// <summary>What it was done to: "ES/es-online/NOVA8P-BLK-256", an order's id, a staff member's e-mail.</summary>
    public string Subject { get; private set; } = "";

    public string? Before { get; private set; }

    public string? After { get; private set; }

    public static AuditEntry Of(string actor, string action, string subject, object? before, object? after, Instant at) => new()
    {
        At = at,
        Actor = actor,
        Action = action,
        Subject = subject,
        Before = before is null ? null : JsonSerializer.Serialize(before, JsonSerializerOptions.Web),
        After = after is null ? null : JsonSerializer.Serialize(after, JsonSerializerOptions.Web),
    };
}
