using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Rollout.Identity;
using Rollout.Orders;
using Rollout.Server.Http;

namespace Rollout.Server.Pages.Storefront;

/// <summary>The customer's account in the storefront: sign in or register, then "my orders" (of every market).</summary>
[RateLimited(RateLimits.SignIn, Handler = nameof(OnPostSignIn))]
[RateLimited(RateLimits.Registrations, Handler = nameof(OnPostRegister))]
public sealed class AccountModel(RolloutDb db, TimeProvider clock, SignInManager<RolloutUser> signIn, RoleManager<IdentityRole> roles, RateLimits limits) : StorefrontPage(db, clock)
{
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
            Addresses = (await Customers.Me(customer, Db, ct)) is { IsSuccess: true } me ? me.Value.Addresses : [];
        }
    }

    public async Task<IActionResult> OnPostSignIn(string market, string? email, string? password, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return NotFound();
        }

        if (limits.RefuseSignInPage(HttpContext, email) is { } refused)
        {
            return refused;
        }

        signIn.AuthenticationScheme = IdentityConstants.ApplicationScheme;
        var result = await signIn.PasswordSignInAsync(email ?? "", password ?? "", isPersistent: true, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            Problem = result.IsLockedOut ? "Too many failed attempts; try again later." : "The e-mail or password is wrong.";
            return Page();
        }

        await KeepCart(email!, ct);
        return Redirect($"{Home}/account");
    }

    public async Task<IActionResult> OnPostRegister(string market, string? email, string? password, string? name, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return NotFound();
        }

        var registered = await Customers.Register(new RegisterCustomerRequest(email, password, name), signIn.UserManager, roles, Db, ct);
        if (!registered.IsSuccess)
        {
            Problem = Explain(registered.Error);
            return Page();
        }

        signIn.AuthenticationScheme = IdentityConstants.ApplicationScheme;
        await signIn.SignInAsync((await signIn.UserManager.FindByEmailAsync(email!))!, isPersistent: true);
        await KeepCart(email!, ct);
        return Redirect($"{Home}/account");
    }

    public async Task<IActionResult> OnPostSignOut(string market, CancellationToken ct)
    {
        if (!await Enter(market, ct))
        {
            return NotFound();
        }

        await signIn.SignOutAsync();
        ForgetCart(); // The next person at this browser starts with an empty cart, not this customer's details.
        return Redirect(Home);
    }

    /// <summary>The cart filled as a guest before signing in becomes the customer's.</summary>
    private async Task KeepCart(string email, CancellationToken ct)
    {
        if (CartCookieId is { } cart && await signIn.UserManager.FindByEmailAsync(email) is { } user)
        {
            await OpenCart.Claim(cart, user.Id, Carts, Db, ct);
        }
    }
}
