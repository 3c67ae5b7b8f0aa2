using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Identity;

namespace Rollout.Server.Pages.Admin;

/// <summary>Signs out of the console: the session ends on the server, so a copy of the cookie stops working too.</summary>
public sealed class LogoutModel(SignInManager<RolloutUser> signIn, RolloutDb db, SessionCheck check, TimeProvider clock) : PageModel
{
    public IActionResult OnGet() => Redirect("/admin");

    public async Task<IActionResult> OnPost(CancellationToken ct)
    {
        if (StaffAuthentication.SessionOf(User) is { } session)
        {
            await EndSession.Handle(session, EndReasons.SignedOut, db, check, clock, ct);
        }

        signIn.AuthenticationScheme = IdentityConstants.ApplicationScheme;
        await signIn.SignOutAsync();
        return Redirect("/admin/login");
    }
}
