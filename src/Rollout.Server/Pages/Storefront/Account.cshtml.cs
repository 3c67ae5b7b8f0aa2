using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Rollout.Identity;
using Rollout.Orders;
using Rollout.Server.Http;

namespace Rollout.Server.Pages.Storefront;

/// <summary>
/// The customer's account in the storefront: sign in (or "forgot your password?") or register, then "my orders" (of
/// every market), and "confirm your e-mail address" with a button that sends the link again until it is.
/// </summary>
[RateLimited(RateLimits.SignIn, Handler = nameof(OnPostSignIn))]
[RateLimited(RateLimits.Registrations, Handler = nameof(OnPostRegister))]
[RateLimited(RateLimits.ConfirmationMails, Handler = nameof(OnPostConfirmEmail))]
public sealed class AccountModel(
    RolloutDb db, TimeProvider clock, SignInManager<RolloutUser> signIn, RoleManager<IdentityRole> roles, SessionSettings settings, SecondFactorSettings factors, SessionCheck check, RateLimits limits, MailLinks mailLinks)
    : StorefrontPage(db, clock)
{
    /// <summary>The signed-in customer's account (whether their e-mail address is confirmed).</summary>
    public CustomerResponse? Me { get; private set; }

    /// <summary>What the last step did, when it went well ("a new link is on its way").</summary>
    public string? Notice { get; private set; }

    public IReadOnlyList<OrderResponse> Orders { get; private set; } = [];

    public IReadOnlyList<CustomerAddressResponse> Addresses { get; private set; } = [];

    public string? Problem { get; private set; }

    public bool SignedIn => CustomerId is not null;

    public async Task<IActionResult> OnGet(string market, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return NotFound();
        }

        await LoadAccount(ct);
        return Page();
    }

    /// <summary>Keeps an address for the next checkout (it starts the checkout form in its country's store).</summary>
    public async Task<IActionResult> OnPostAddAddress(string market, AddressBookEntry entry, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return NotFound();
        }

        if (CustomerId is not { } customer)
        {
            return Redirect($"{Home}/account");
        }

        var added = await Customers.AddAddress(customer, entry with { Country = entry.Country ?? Market.Code }, Db, ct);
        if (!added.IsSuccess)
        {
            Problem = Explain(added.Error);
            await LoadAccount(ct);
            return Page();
        }

        return Redirect($"{Home}/account");
    }

    private async Task LoadAccount(CancellationToken ct)
    {
        if (CustomerId is { } customer)
        {
            Orders = await GetOrders.Mine(customer, Db, ct);
            Me = (await Customers.Me(customer, Db, ct)) is { IsSuccess: true } me ? me.Value : null;
            Addresses = Me?.Addresses ?? [];
        }
    }

    public async Task<IActionResult> OnPostSignIn(string market, string? email, string? password, string? code, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return NotFound();
        }

        if (limits.RefuseSignInPage(HttpContext, email) is { } refused)
        {
            return refused;
        }

        // The customers' door: a staff account is refused here as a wrong password, and nothing counts toward its lockout.
        var user = await SignInAtDoor.Handle(Door.Customer, email, password, code, signIn.UserManager, factors);
        if (!user.IsSuccess)
        {
            Problem = user.Error.Message;
            return Page();
        }

        await StartCookieSession(user.Value, ct);
        await KeepCart(user.Value.Id, ct);
        return Redirect($"{Home}/account");
    }

    public async Task<IActionResult> OnPostRegister(string market, string? email, string? password, string? name, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return NotFound();
        }

        var registered = await Customers.Register(new RegisterCustomerRequest(email, password, name, Market.Code), signIn.UserManager, roles, Db, ct);
        if (!registered.IsSuccess)
        {
            Problem = Explain(registered.Error);
            return Page();
        }

        // A staff e-mail is answered as a fresh registration, but nothing was made: there is no one to sign in (decision 13).
        if (await signIn.UserManager.FindByIdAsync(registered.Value.Id) is { } user && await SignInAtDoor.IsAt(Door.Customer, user, signIn.UserManager))
        {
            await StartCookieSession(user, ct);
            await KeepCart(user.Id, ct);
            await SendConfirmation(user.Id, ct);
        }

        return Redirect($"{Home}/account");
    }

    /// <summary>Sends the link that confirms the customer's e-mail address again.</summary>
    public async Task<IActionResult> OnPostConfirmEmail(string market, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return NotFound();
        }

        if (CustomerId is not { } customer)
        {
            return Redirect($"{Home}/account");
        }

        var sent = await SendConfirmation(customer, ct);
        if (sent.IsSuccess)
        {
            Notice = sent.Value.Sent ? $"{Words["LinkSent"]} {sent.Value.Email}." : Words["EmailConfirmed"];
        }
        else
        {
            Problem = Explain(sent.Error);
        }

        await LoadAccount(ct);
        return Page();
    }

    private async Task<Result<EmailConfirmationResponse>> SendConfirmation(string customerId, CancellationToken ct)
    {
        var links = await mailLinks.For(Market.Code, Db, Clock, ct);
        return links.IsSuccess ? await RequestEmailConfirmation.Handle(customerId, links.Value, signIn.UserManager, Db, Clock, ct) : links.Error;
    }

    public async Task<IActionResult> OnPostSignOut(string market, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return NotFound();
        }

        // The session ends on the server, so a copy of the cookie stops working too.
        if (StaffAuthentication.SessionOf(User) is { } session)
        {
            await EndSession.Handle(session, EndReasons.SignedOut, Db, check, Clock, ct);
        }

        signIn.AuthenticationScheme = IdentityConstants.ApplicationScheme;
        await signIn.SignOutAsync();
        ForgetCart(); // The next person at this browser starts with an empty cart, not this customer's details.
        return Redirect(Home);
    }

    private async Task StartCookieSession(RolloutUser user, CancellationToken ct)
    {
        var (session, _) = await StartSession.Handle(user, Door.Customer, withRefreshToken: false, signIn.UserManager, Db, settings, Clock, ct);
        await SessionTickets.Cookie(user, session, persistent: true, signIn);
    }

    /// <summary>The cart filled as a guest before signing in becomes the customer's.</summary>
    private async Task KeepCart(string customerId, CancellationToken ct)
    {
        if (CartCookieId is { } cart)
        {
            await OpenCart.Claim(cart, customerId, Carts, Db, ct);
        }
    }
}
