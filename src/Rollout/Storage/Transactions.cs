namespace Rollout.Storage;

/// <summary>One use case's writes as one transaction, whichever capabilities they touch.</summary>
public static class Transactions
{
    /// <summary>
    /// Runs <paramref name="work"/> in a transaction of its own and commits only when it succeeds; inside a caller's
    /// transaction (a step composed with another capability's), it runs in that one and the caller decides.
    /// </summary>
    public static async Task<Result<T>> Run<T>(RolloutDb db, Func<Task<Result<T>>> work, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await work();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        Result<T> result;
        try
        {
            result = await work();
        }
        catch
        {
            // A crash inside the work (a lost client, a failed statement) rolls back now, not when the request ends.
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            throw;
        }

        if (result.IsSuccess)
        {
            await transaction.CommitAsync(ct);
        }
        else
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
        }

        return result;
    }
}
