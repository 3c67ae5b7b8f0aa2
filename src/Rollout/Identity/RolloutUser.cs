using Microsoft.AspNetCore.Identity;

namespace Rollout.Identity;

/// <summary>
/// Someone who signs in: a member of staff (one or more <see cref="StaffRoles"/>) or a customer
/// (<see cref="CustomerRole"/>). One account table, so one sign-in, one password policy, one lockout.
/// </summary>
public sealed class RolloutUser : IdentityUser
{
    /// <summary>The role every customer account holds; it opens no staff endpoint.</summary>
    public const string CustomerRole = "customer";

    /// <summary>The name a customer gives (for the greeting and as the default addressee).</summary>
    [System.ComponentModel.DataAnnotations.MaxLength(100)]
    public string? DisplayName { get; set; }

    /// <summary>When an admin disabled this staff account (UTC); a disabled account cannot sign in and its sessions end.</summary>
    public DateTime? DisabledAt { get; set; }

    /// <summary>
    /// The password was generated or set by someone else (the first admin's, an admin's reset): the next sign-in is
    /// refused until the owner chooses a new one with their current password.
    /// </summary>
    public bool MustChangePassword { get; set; }
}

/// <summary>The roles staff hold; each write endpoint names the roles it accepts.</summary>
public static class StaffRoles
{
    /// <summary>Everything, including markets, channels and staff.</summary>
    public const string Admin = "admin";

    /// <summary>Products, variants, certifications and listings.</summary>
    public const string CatalogManager = "catalog-manager";

    /// <summary>Prices, landed costs, exchange rates and price endings.</summary>
    public const string PricingManager = "pricing-manager";

    /// <summary>Stock locations, receipts, adjustments and transfers.</summary>
    public const string InventoryManager = "inventory-manager";

    /// <summary>Orders: payments confirmed by hand, picking, shipping, delivery, cancellation.</summary>
    public const string OrderManager = "order-manager";

    /// <summary>Launch events and flash sales.</summary>
    public const string LaunchManager = "launch-manager";

    /// <summary>Partners, their keys, their purchase orders and invoices.</summary>
    public const string PartnerManager = "partner-manager";

    /// <summary>Devices, registrations, service centres and repair tickets.</summary>
    public const string SupportAgent = "support-agent";

    public static IReadOnlyList<string> All { get; } = [Admin, CatalogManager, PricingManager, InventoryManager, OrderManager, LaunchManager, PartnerManager, SupportAgent];

    /// <summary>The roles, or the first name that is not one, in words.</summary>
    public static string? Unknown(IEnumerable<string> roles) =>
        roles.FirstOrDefault(r => !All.Contains(r)) is { } unknown ? $"'{unknown}' is not a role; the roles are {string.Join(", ", All)}." : null;
}
