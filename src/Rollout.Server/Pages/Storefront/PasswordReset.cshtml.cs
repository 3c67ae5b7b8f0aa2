using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Rollout.Identity;
using Rollout.Server.Http;

namespace Rollout.Server.Pages.Storefront;

/// <summary>
/// "Forgot your password?": the form that asks for a link (the same answer whether or not an account has the address),
/// and, opened from the link (<c>?email=…&amp;token=…</c>), the form that sets the new password and ends every session.
/// Asking is limited per client address and per e-mail address like the API; setting like a sign-in.
/// </summary>
[RateLimited(RateLimits.PasswordResets, Handler = nameof(OnPostRequest))]
[RateLimited(RateLimits.SignIn, Handler = nameof(OnPostReset))]
public sealed class PasswordResetModel(RolloutDb db, TimeProvider clock, UserManager<RolloutUser> users, SessionCheck check, RateLimits limits, MailLinks mailLinks)
    : StorefrontPage(db, clock)
{
    /// <summary>The address the link was sent to, when the page was opened from it.</summary>
    public string? Email { get; private set; }

    /// <summary>The link's token: the page shows the new-password form.</summary>
    public string? Token { get; private set; }

    public string? Notice { get; private set; }

    public string? Problem { get; private set; }

    /// <summary>The password is changed: the page says so and offers to sign in.</summary>
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGet(string market, string? email, string? token, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return NotFound();
        }

        (Email, Token) = (email, string.IsNullOrEmpty(token) ? null : token);
        return Show();
    }

    public async Task<IActionResult> OnPostRequest(string market, string? email, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return NotFound();
        }

        if (limits.RefusePasswordResetPage(HttpContext, email) is { } refused)
        {
            return refused;
        }

        var links = await mailLinks.For(Market.Code, Db, Clock, ct);
        var requested = links.IsSuccess ? await RequestPasswordReset.Handle(new PasswordResetRequest(email, Market.Code), links.Value, users, Db, Clock, ct) : links.Error;
        if (requested.IsSuccess)
        {
            Notice = Words["ResetSent"];
        }
        else
        {
            Problem = Explain(requested.Error);
            Email = email;
        }

        return Show();
    }

    public async Task<IActionResult> OnPostReset(string market, string? email, string? token, string? newPassword, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return NotFound();
        }

        var reset = await ResetPassword.Handle(new ResetPasswordRequest(email, token, newPassword), users, Db, check, Clock, ct);
        if (reset.IsSuccess)
        {
            Done = true;
        }
        else
        {
            (Email, Token) = (email, token);
            Problem = reset.Error.Code == ResetPassword.BadLinkCode ? Words["ConfirmBad"] : Explain(reset.Error);
        }

        return Show();
    }

    private Microsoft.AspNetCore.Mvc.RazorPages.PageResult Show()
    {
        ViewData["Title"] = Words["ResetTitle"];
        return Page();
    }
}
