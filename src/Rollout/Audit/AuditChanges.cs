using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Rollout.Identity;
using Rollout.Inventory;
using Rollout.Markets;
using Rollout.Orders;
using Rollout.Pricing;

namespace Rollout.Audit;

/// <summary>
/// Writes an audit entry for each change a member of staff saves to what the brand answers for: markets, channels,
/// listings, prices and costs, stock (movements and allocations), orders, partners' keys, staff accounts and their
/// roles. Each entry is saved in the same <c>SaveChanges</c> as its change, with the values before and after (secrets
/// and hashes left out), so whichever path made the change (API, console, CLI) it is recorded once, or not at all if
/// the change fails.
/// </summary>
public sealed class AuditChanges(TimeProvider clock) : ISaveChangesInterceptor
{
    private static readonly Dictionary<Type, string> Audited = new()
    {
        [typeof(Market)] = "market",
        [typeof(Channels.Channel)] = "channel",
        [typeof(Catalog.Listing)] = "listing",
        [typeof(Price)] = "price",
        [typeof(LandedCost)] = "cost",
        [typeof(StockMovement)] = "stock",
        [typeof(Allocation)] = "allocation",
        [typeof(Order)] = "order",
        [typeof(Partners.PartnerKey)] = "partner-key",
        [typeof(StaffApiKey)] = "staff-key",
        [typeof(RolloutUser)] = "staff",
        [typeof(IdentityUserRole<string>)] = "staff-role",
    };

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Record(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Record(DbContext? context)
    {
        if (context is null || AuditActor.Current is not { } actor)
        {
            return;
        }

        context.ChangeTracker.DetectChanges();
        var now = clock.Now();
        var entries = new List<AuditEntry>();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted) || !Audited.TryGetValue(entry.Metadata.ClrType, out var kind))
            {
                continue;
            }

            var verb = entry.State switch { EntityState.Added => "added", EntityState.Deleted => "deleted", _ => "changed" };
            var before = entry.State == EntityState.Added ? null : Values(entry, original: true);
            var after = entry.State == EntityState.Deleted ? null : Values(entry, original: false);
            if (entry.State == EntityState.Modified && before!.Count == 0)
            {
                continue; // Only stamps or hashes changed.
            }

            entries.Add(AuditEntry.Of(actor, $"{kind}.{verb}", Subject(entry), before, after, now));
        }

        context.Set<AuditEntry>().AddRange(entries);
    }

    /// <summary>The entity's key, or for a staff account its e-mail, for a role its user and role ids.</summary>
    private static string Subject(EntityEntry entry) => entry.Entity switch
    {
        RolloutUser user => user.Email ?? user.Id,
        IdentityUserRole<string> role => $"{role.UserId}/{role.RoleId}",
        _ => string.Join('/', entry.Metadata.FindPrimaryKey()!.Properties.Select(p => Text(entry.Property(p.Name).CurrentValue))),
    };

    /// <summary>The values of a change: every value of an added or deleted row, the changed ones of a changed row.</summary>
    private static Dictionary<string, string?> Values(EntityEntry entry, bool original)
    {
        var values = new Dictionary<string, string?>();
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (Secret(name) || (entry.State == EntityState.Modified && !property.IsModified))
            {
                continue;
            }

            values[name] = Text(original ? property.OriginalValue : property.CurrentValue);
        }

        return values;
    }

    private static bool Secret(string name) =>
        name.Contains("Hash", StringComparison.Ordinal) || name.Contains("Stamp", StringComparison.Ordinal) || name.Contains("Secret", StringComparison.Ordinal);

    private static string? Text(object? value) => value switch
    {
        null => null,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
