using Microsoft.Data.Sqlite;

namespace Rollout.Storage;

/// <summary>
/// SQLite serves one Rollout server: its carts, pools and group commit assume no other server writes the file. A
/// server holds an exclusive lock on a file beside the database (<c>rollout.db.server</c>) for as long as it runs; a
/// second server started on the same file is refused at start with a message that says what to do. The operating
/// system drops the lock when the process ends, however it ends (a kill -9 included), so a restart is never refused by
/// a dead server. The CLI takes no lock: it may migrate or add staff while the server runs, as SQLite allows.
/// </summary>
public sealed class SqliteServerLock : IDisposable
{
    private readonly FileStream file;

    private SqliteServerLock(FileStream file) => this.file = file;

    /// <summary>The lock of the database's server, or null when the database is not a SQLite file (PostgreSQL, in memory).</summary>
    public static SqliteServerLock? Take(StorageOptions storage)
    {
        if (storage.Provider != StorageProvider.Sqlite
            || new SqliteConnectionStringBuilder(storage.ConnectionString) is not { DataSource: { Length: > 0 } path, Mode: not SqliteOpenMode.Memory }
            || path == ":memory:")
        {
            return null;
        }

        var lockFile = Path.GetFullPath(path) + ".server";
        try
        {
            // FileShare.None is an exclusive flock on Unix (LockFileEx on Windows): held by this process alone, dropped at its end.
            var file = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            file.Write(System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n"));
            file.Flush();
            return new SqliteServerLock(file);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"Another Rollout server is already serving the SQLite database {Path.GetFullPath(path)} (it holds {lockFile}). SQLite serves one server: stop the other one first, "
                + "or run several servers on one PostgreSQL database (Rollout:Database:Provider=Postgres).",
                e);
        }
    }

    public void Dispose() => file.Dispose();
}
