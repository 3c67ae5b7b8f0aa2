using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rollout.Identity;
using Rollout.Server.Http;

namespace Rollout.Server.Pages.Admin;

/// <summary>
/// Staff turn on a second factor: the e-mail and password first (open without a session, since an admin must enrol
/// before they may sign in), then the QR code and key for the app, then a code from it; the answer shows the recovery
/// codes once. Between the two steps the page carries an <see cref="EnrolmentProof"/>, never the password.
/// </summary>
[RateLimited(RateLimits.SignIn, Handler = nameof(OnPostStart))]
[RateLimited(RateLimits.SignIn, Handler = nameof(OnPostConfirm))]
public sealed class SecondFactorModel(UserManager<RolloutUser> users, SecondFactorSettings factors, EnrolmentProof proofs, RolloutDb db, SessionCheck check, TimeProvider clock) : PageModel
{
    public string? Email { get; private set; }

    public bool Required { get; private set; }

    public AuthenticatorSetup? Setup { get; private set; }

    public string? Proof { get; private set; }

    public string QrSvg => Setup is null ? "" : EnrolmentProof.QrSvg(Setup.AuthenticatorUri);

    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public void OnGet(string? email, bool required = false)
    {
        Email = email ?? User.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value;
        Required = required;
    }

    public async Task<IActionResult> OnPostStart(string? email, string? password)
    {
        Email = email;
        var started = await StartAuthenticator.Handle(Door.Staff, new SecondFactorRequest(email, password, null), users, factors);
        if (!started.IsSuccess)
        {
            Problems = [started.Error.Message];
            return Page();
        }

        Setup = started.Value;
        Proof = proofs.For(Door.Staff, (await users.FindByEmailAsync(email!))!, Setup);
        return Page();
    }

    public async Task<IActionResult> OnPostConfirm(string? proof, string? code, CancellationToken ct)
    {
        if (await proofs.Open(Door.Staff, proof, users) is not var (user, key))
        {
            Problems = ["This page is older than ten minutes, or not from this site, or its set-up was replaced or finished elsewhere: start again with your e-mail and password."];
            return Page();
        }

        AuditActors.ActsForSelf(Door.Staff, user.Email);
        var on = await ConfirmAuthenticator.Confirm(user, code, users, db, check, clock, ct);
        if (on.IsSuccess)
        {
            RecoveryCodes = on.Value.RecoveryCodes;
            return Page();
        }

        // A wrong code: the same key and QR code again (the proof's, never what is stored), to try the next code.
        Problems = on.Error.Fields.Count > 0 ? [.. on.Error.Fields.SelectMany(f => f.Value)] : [on.Error.Message];
        Setup = StartAuthenticator.For(user, key);
        Proof = proof;
        return Page();
    }
}
