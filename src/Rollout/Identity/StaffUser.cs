using Microsoft.AspNetCore.Identity;

namespace Rollout.Identity;

/// <summary>A member of the brand's staff who signs in to the console and the staff API.</summary>
public sealed class StaffUser : IdentityUser
{
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

    public static IReadOnlyList<string> All { get; } = [Admin, CatalogManager, PricingManager, InventoryManager, OrderManager];
}
