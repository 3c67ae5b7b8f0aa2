using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Rollout.Identity;
using Rollout.Server.Http;

namespace Rollout.Server.Pages.Storefront;

/// <summary>
/// The page the e-mail confirmation link opens: it confirms the address (following the link again changes nothing)
/// and says so, or says the link is wrong or expired and where to ask for a new one. Public: the link may be opened
/// on another device than the one signed in.
/// </summary>
[RateLimited(RateLimits.SignIn)] // It checks a token, as the API's confirmation does.
public sealed class ConfirmEmailModel(RolloutDb db, TimeProvider clock, UserManager<RolloutUser> users) : StorefrontPage(db, clock)
{
    public bool Confirmed { get; private set; }

    public string? Email { get; private set; }

    public async Task<IActionResult> OnGet(string market, string? email, string? token, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return NotFound();
        }

        var confirmed = await ConfirmEmail.Handle(new ConfirmEmailRequest(email, token), users);
        Confirmed = confirmed.IsSuccess;
        Email = confirmed.IsSuccess ? confirmed.Value.Email : null;
        ViewData["Title"] = Words["Account"];
        return Page();
    }
}
