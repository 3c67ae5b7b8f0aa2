namespace Rollout.Audit;

/// <summary>
/// Who is acting in the current flow of work: the signed-in member of staff of a request (set by the server for staff
/// only), or the operator of a CLI command. Nobody (customers, webhooks, the demo's loading, the sweepers) means the
/// change is not a staff action and is not audited here; orders and tickets keep their own histories of those.
/// </summary>
public static class AuditActor
{
    private static readonly AsyncLocal<string?> Actor = new();

    public static string? Current => Actor.Value;

    /// <summary>Sets the actor for the rest of this flow (it does not leak to the caller's flow or to other requests).</summary>
    public static void Set(string? actor) => Actor.Value = string.IsNullOrWhiteSpace(actor) ? null : actor;
}
