using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Identity;

namespace Rollout.Server.Pages.Admin;

public sealed class LogoutModel(SignInManager<RolloutUser> signIn) : PageModel
{
    public IActionResult OnGet() => Redirect("/admin");

    public async Task<IActionResult> OnPost()
    {
        signIn.AuthenticationScheme = IdentityConstants.ApplicationScheme;
        await signIn.SignOutAsync();
        return Redirect("/admin/login");
    }
}
