using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Rollout.Identity;
using Rollout.Server.Http;

namespace Rollout.Server.Pages.Storefront;

/// <summary>
/// A signed-in customer turns two-step sign-in (an authenticator app) on or off: the password again, then the QR code
/// and key, then a code from the app; the recovery codes are shown once, and every session ends, this one too.
/// Like every storefront page it opens to anyone; a visitor who is not signed in as a customer is sent to sign in.
/// </summary>
[RateLimited(RateLimits.SignIn, Handler = nameof(OnPostStart))]
[RateLimited(RateLimits.SignIn, Handler = nameof(OnPostConfirm))]
[RateLimited(RateLimits.SignIn, Handler = nameof(OnPostOff))]
public sealed class SecondFactorModel(
    RolloutDb db, TimeProvider clock, UserManager<RolloutUser> users, SecondFactorSettings factors, EnrolmentProof proofs, SessionCheck check) : StorefrontPage(db, clock)
{
    public SecurityWords Security { get; private set; } = null!;

    public bool IsOn { get; private set; }

    public AuthenticatorSetup? Setup { get; private set; }

    public string? Proof { get; private set; }

    public string QrSvg => Setup is null ? "" : EnrolmentProof.QrSvg(Setup.AuthenticatorUri);

    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public bool TurnedOff { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>The signed-in customer's e-mail, read from their account.</summary>
    private string Email { get; set; } = "";

    public async Task<IActionResult> OnGet(string market, CancellationToken ct) => await Open(market, ct) ?? Page();

    public async Task<IActionResult> OnPostStart(string market, string? password, CancellationToken ct)
    {
        if (await Open(market, ct) is { } elsewhere)
        {
            return elsewhere;
        }

        var started = await StartAuthenticator.Handle(Door.Customer, new SecondFactorRequest(Email, password, null), users, factors);
        if (!started.IsSuccess)
        {
            Problems = [started.Error.Message];
            return Page();
        }

        Setup = started.Value;
        Proof = proofs.For(Door.Customer, (await users.FindByEmailAsync(Email))!, Setup);
        return Page();
    }

    public async Task<IActionResult> OnPostConfirm(string market, string? proof, string? code, CancellationToken ct)
    {
        if (await Open(market, ct) is { } elsewhere)
        {
            return elsewhere;
        }

        // The proof must be this customer's own, for the key still stored: not another account's, nor a set-up
        // replaced (started again) or finished elsewhere since this page.
        if (await proofs.Open(Door.Customer, proof, users, signedIn: CustomerId) is not var (user, key))
        {
            Problems = [Security["Stale"]];
            return Page();
        }

        var on = await ConfirmAuthenticator.Confirm(user, code, users, Db, check, Clock, ct);
        if (on.IsSuccess)
        {
            RecoveryCodes = on.Value.RecoveryCodes;
            return Page();
        }

        Problems = on.Error.Fields.Count > 0 ? [.. on.Error.Fields.SelectMany(f => f.Value)] : [on.Error.Message];
        Setup = StartAuthenticator.For(user, key);
        Proof = proof;
        return Page();
    }

    public async Task<IActionResult> OnPostOff(string market, string? password, string? code, CancellationToken ct)
    {
        if (await Open(market, ct) is { } elsewhere)
        {
            return elsewhere;
        }

        var off = await TurnOffAuthenticator.Handle(Door.Customer, new SecondFactorRequest(Email, password, code), users, factors, Db, check, Clock, ct);
        TurnedOff = off.IsSuccess;
        Problems = off.IsSuccess ? [] : [off.Error.Message];
        return Page();
    }

    /// <summary>Loads the market and the account's state; where to go instead when there is no market or no customer signed in.</summary>
    private async Task<IActionResult?> Open(string market, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return NotFound();
        }

        if (CustomerId is null)
        {
            return Redirect($"{Home}/account");
        }

        Security = SecurityWords.For((string)ViewData["Lang"]!);
        var account = await users.FindByIdAsync(CustomerId);
        Email = account?.Email ?? "";
        IsOn = account is { TwoFactorEnabled: true };
        return null;
    }
}
