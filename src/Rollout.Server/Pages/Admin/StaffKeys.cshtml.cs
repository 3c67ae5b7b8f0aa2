using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Identity;

namespace Rollout.Server.Pages.Admin;

/// <summary>
/// One staff member's keys for scripts, for admins: list them, issue one (shown once on the answer page), revoke one.
/// The same use cases as <c>/api/staff/{email}/keys</c> and <c>rollout staff keys</c>.
/// </summary>
[Authorize(Policy = StaffAuthentication.AdminInPerson)]
public sealed class StaffKeysModel(UserManager<RolloutUser> users, RolloutDb db, TimeProvider clock) : PageModel
{
    public string Email { get; private set; } = "";

    public IReadOnlyList<ApiKeyResponse> Keys { get; private set; } = [];

    /// <summary>The account's staff roles: a key may carry some of them.</summary>
    public IReadOnlyList<string> Roles { get; private set; } = [];

    public IssuedApiKeyResponse? Issued { get; private set; }

    public string? Problem { get; private set; }

    public string? Done { get; private set; }

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task<IActionResult> OnGet(string? email, CancellationToken ct) => Show(email, ct);

    public async Task<IActionResult> OnPostIssue(string? email, string? name, string[]? roles, int? days, CancellationToken ct)
    {
        var issued = await IssueApiKey.Handle(email ?? "", new IssueApiKeyRequest(name, roles ?? [], days), User.Identity?.Name ?? "unknown", users, db, clock, ct);
        Issued = issued.IsSuccess ? issued.Value : null;
        Problem = issued.IsSuccess ? null : Describe(issued.Error);
        return await Show(email, ct);
    }

    public async Task<IActionResult> OnPostRevoke(string? email, string? id, CancellationToken ct)
    {
        var revoked = await RevokeApiKey.Handle(email ?? "", id ?? "", users, db, clock, ct);
        Done = revoked.IsSuccess ? $"Key {revoked.Value.Id} \"{revoked.Value.Name}\" is revoked: its next use is refused." : null;
        Problem = revoked.IsSuccess ? null : Describe(revoked.Error);
        return await Show(email, ct);
    }

    private async Task<IActionResult> Show(string? email, CancellationToken ct)
    {
        var keys = await ListApiKeys.Handle(email ?? "", users, db, ct);
        if (!keys.IsSuccess)
        {
            return NotFound();
        }

        Email = email!;
        Keys = keys.Value;
        var user = await users.FindByEmailAsync(Email);
        Roles = [.. (await users.GetRolesAsync(user!)).Where(StaffRoles.All.Contains)];
        return Page();
    }

    private static string Describe(Error error) =>
        error.Fields.Count == 0 ? error.Message : string.Join(" · ", error.Fields.SelectMany(f => f.Value.Select(r => $"{f.Key}: {r}")));
}
