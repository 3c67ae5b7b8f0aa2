using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Identity;
using Rollout.Server.Http;

namespace Rollout.Server.Pages.Admin;

/// <summary>The console's door: staff accounts only; a password that must be changed leads to /admin/password first.</summary>
[RateLimited(RateLimits.SignIn, Handler = nameof(OnPost))]
public sealed class LoginModel(SignInManager<RolloutUser> signIn, RolloutDb db, SessionSettings settings, TimeProvider clock, RateLimits limits) : PageModel
{
    public string? Message { get; private set; }

    public string? Email { get; private set; }

    public string? ReturnUrl { get; private set; }

    public void OnGet(string? returnUrl, bool changed = false)
    {
        ReturnUrl = returnUrl;
        if (changed)
        {
            Message = "Your password is changed; sign in with the new one.";
        }
        else if (User.Identity?.IsAuthenticated == true)
        {
            Message = "Your account has no role that opens this page.";
        }
    }

    public async Task<IActionResult> OnPost(string? email, string? password, string? returnUrl, CancellationToken ct)
    {
        Email = email;
        ReturnUrl = returnUrl;
        if (limits.RefuseSignInPage(HttpContext, email) is { } refused)
        {
            return refused;
        }

        var user = await SignInAtDoor.Handle(Door.Staff, email, password, signIn.UserManager);
        if (!user.IsSuccess)
        {
            if (user.Error.Code == SignInAtDoor.MustChangeCode)
            {
                return LocalRedirect($"/admin/password?email={Uri.EscapeDataString(email ?? "")}&required=true");
            }

            Message = user.Error.Message;
            return Page();
        }

        var (session, _) = await StartSession.Handle(user.Value, Door.Staff, withRefreshToken: false, signIn.UserManager, db, settings, clock, ct);
        await SessionTickets.Cookie(user.Value, session, persistent: false, signIn);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/admin");
    }
}
