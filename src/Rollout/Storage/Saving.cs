using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Rollout.Storage;

public static class Saving
{
    /// <summary>
    /// Saves, turning the two clashes that concurrent requests can cause into a 409-kind error instead of a crash:
    /// a unique key taken meanwhile, and a row changed meanwhile (its concurrency token moved on).
    /// </summary>
    public static async Task<Error?> TrySave(this RolloutDb db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Error.Conflict("storage.changed", "Someone changed this meanwhile; read it again and retry.");
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return Error.Conflict("storage.duplicate", "Another request has just created the same thing; read it again.");
        }
    }

    /// <summary>Whether a failed statement (or a failed save, whose cause is inside) broke a unique key.</summary>
    public static bool IsUniqueViolation(Exception e) => (e is DbUpdateException ? e.InnerException : e) switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555, // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
        _ => false,
    };
}
