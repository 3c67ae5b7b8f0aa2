using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Identity;
using Rollout.Server.Http;

namespace Rollout.Server.Pages.Admin;

/// <summary>
/// Staff change their own password, proving the current one. Open without a session, because a first admin and
/// anyone whose password an admin set come here before they may sign in (RolloutServer lets them in); every session of the account ends.
/// </summary>
[RateLimited(RateLimits.SignIn, Handler = nameof(OnPost))]
public sealed class PasswordModel(UserManager<RolloutUser> users, SecondFactorSettings factors, RolloutDb db, SessionCheck check, TimeProvider clock) : PageModel
{
    public string? Email { get; private set; }

    public bool Required { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public void OnGet(string? email, bool required = false)
    {
        Email = email ?? User.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value;
        Required = required;
    }

    public async Task<IActionResult> OnPost(string? email, string? currentPassword, string? newPassword, string? code, bool required, CancellationToken ct)
    {
        AuditActors.ActsForSelf(Door.Staff, email);
        var changed = await ChangeOwnPassword.Handle(new ChangeOwnPasswordRequest(email, currentPassword, newPassword, code), users, factors, db, check, clock, ct);
        if (changed.IsSuccess)
        {
            return LocalRedirect("/admin/login?changed=true");
        }

        Email = email;
        Required = required;
        Problems = changed.Error.Fields.Count > 0 ? [.. changed.Error.Fields.SelectMany(f => f.Value)] : [changed.Error.Message];
        return Page();
    }
}
