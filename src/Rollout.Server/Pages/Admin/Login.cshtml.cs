using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Identity;
using Rollout.Server.Http;

namespace Rollout.Server.Pages.Admin;

[RateLimited(RateLimits.SignIn, Handler = nameof(OnPost))]
public sealed class LoginModel(SignInManager<RolloutUser> signIn, RateLimits limits) : PageModel
{
    public string? Message { get; private set; }

    public string? Email { get; private set; }

    public string? ReturnUrl { get; private set; }

    public void OnGet(string? returnUrl)
    {
        ReturnUrl = returnUrl;
        if (User.Identity?.IsAuthenticated == true)
        {
            Message = "Your account has no role that opens this page.";
        }
    }

    public async Task<IActionResult> OnPost(string? email, string? password, string? returnUrl)
    {
        Email = email;
        ReturnUrl = returnUrl;
        if (limits.RefuseSignInPage(HttpContext, email) is { } refused)
        {
            return refused;
        }

        signIn.AuthenticationScheme = IdentityConstants.ApplicationScheme;
        var result = await signIn.PasswordSignInAsync(email ?? "", password ?? "", isPersistent: false, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            Message = result.IsLockedOut ? "Too many failed attempts; try again later." : "The e-mail or password is wrong.";
            return Page();
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/admin");
    }
}
