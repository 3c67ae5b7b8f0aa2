using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Rollout.Catalog;
using Rollout.Channels;
using Rollout.Inventory;
using Rollout.Markets;
using Rollout.Orders;
using Rollout.Pricing;

namespace Rollout.Storage;

/// <summary>
/// Counts the changes this process makes to the reference data that selling keeps in memory (markets, channels,
/// products, variants, listings, prices, shipping methods, stock locations), so the copy in memory is replaced as soon
/// as a change is durable: at the save, and again at the commit of a save made inside a transaction (a copy read
/// between the two would miss it).
/// </summary>
public sealed class ReferenceChanges : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly HashSet<Type> Kept =
        [typeof(Market), typeof(Channel), typeof(Product), typeof(Variant), typeof(Listing), typeof(Price), typeof(ShippingMethod), typeof(StockLocation)];

    private readonly ConditionalWeakTable<DbContext, object> pending = [];
    private long version;
    private long stock;

    public long Version => Interlocked.Read(ref version);

    /// <summary>
    /// Moves on whenever units may have come back: any write outside the group commit (a receipt, a cancellation, an
    /// allocation...), and a group commit that gave units back or failed. What was sold out before may not be now.
    /// </summary>
    public long StockVersion => Interlocked.Read(ref stock);

    public void UnitsMayBeBack() => Interlocked.Increment(ref stock);

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Wrote(eventData.Context);
        Bump(eventData.Context, keep: eventData.Context?.Database.CurrentTransaction is not null);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(SavedChanges(eventData, result));

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        Wrote(eventData.Context);
        Bump(eventData.Context, keep: false);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && Kept.Contains(e.Metadata.ClrType)))
        {
            pending.AddOrUpdate(context, this);
        }
    }

    private void Bump(DbContext? context, bool keep)
    {
        if (context is not null && pending.TryGetValue(context, out _))
        {
            Interlocked.Increment(ref version);
            if (!keep)
            {
                pending.Remove(context);
            }
        }
    }

    private void Wrote(DbContext? context)
    {
        if (context is RolloutDb { InGroupCommit: false })
        {
            UnitsMayBeBack();
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            pending.Remove(context);
        }
    }
}
