using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Identity;
using Rollout.Server.Http;

namespace Rollout.Server.Pages.Admin;

/// <summary>
/// The console's door: staff accounts only, with the authenticator's code when a second factor is on; a password that
/// must be changed leads to /admin/password first, and a role that requires a second factor not yet set up to /admin/second-factor.
/// </summary>
[RateLimited(RateLimits.SignIn, Handler = nameof(OnPost))]
public sealed class LoginModel(SignInManager<RolloutUser> signIn, RolloutDb db, SessionSettings settings, SecondFactorSettings factors, TimeProvider clock, RateLimits limits) : PageModel
{
    public string? Message { get; private set; }

    public string? Email { get; private set; }

    public string? ReturnUrl { get; private set; }

    /// <summary>Whether to ask for the authenticator's code (the account has a second factor on).</summary>
    public bool AskCode { get; private set; }

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

    public async Task<IActionResult> OnPost(string? email, string? password, string? code, string? returnUrl, CancellationToken ct)
    {
        Email = email;
        ReturnUrl = returnUrl;
        if (limits.RefuseSignInPage(HttpContext, email) is { } refused)
        {
            return refused;
        }

        var user = await SignInAtDoor.Handle(Door.Staff, email, password, code, signIn.UserManager, factors);
        if (!user.IsSuccess)
        {
            if (user.Error.Code == SignInAtDoor.MustChangeCode)
            {
                return LocalRedirect($"/admin/password?email={Uri.EscapeDataString(email ?? "")}&required=true");
            }

            if (user.Error.Code == SignInAtDoor.EnrolCode)
            {
                return LocalRedirect($"/admin/second-factor?email={Uri.EscapeDataString(email ?? "")}&required=true");
            }

            AskCode = user.Error.Code is SignInAtDoor.CodeRequiredCode or SignInAtDoor.WrongFactorCode;

            Message = user.Error.Message;
            return Page();
        }

        var (session, _) = await StartSession.Handle(user.Value, Door.Staff, withRefreshToken: false, signIn.UserManager, db, settings, clock, ct);
        await SessionTickets.Cookie(user.Value, session, persistent: false, signIn);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/admin");
    }
}
