using Microsoft.EntityFrameworkCore;
using Npgsql;
using Rollout.Storage;

namespace Rollout.Tests.Support;

/// <summary>
/// A fresh, empty database of one provider for one test: a SQLite file in a temporary folder, or a new database
/// on the PostgreSQL server named by ROLLOUT_TEST_POSTGRES (scripts/test starts one). Dropped afterwards.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "ROLLOUT_TEST_POSTGRES";

    private readonly string? postgresAdmin;
    private readonly string? databaseName;

    private TestDatabase(StorageProvider provider, string connectionString, string folder, string? postgresAdmin, string? databaseName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Folder = folder;
        this.postgresAdmin = postgresAdmin;
        this.databaseName = databaseName;
    }

    public StorageProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>A temporary folder of this test's own (data folder, pickup files, exports).</summary>
    public string Folder { get; }

    /// <summary>
    /// Each test's database starts as a copy of one migrated once per run (a file copy on SQLite, a template on
    /// PostgreSQL): the schema is the same every time, and building it was a good part of every test's start. The
    /// server still runs its migrations at start; it finds none pending.
    /// </summary>
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? sqliteTemplate;
    private static string? postgresTemplate;

    /// <summary>A database for one test: migrated already, unless <paramref name="migrated"/> is false (a test of migrating).</summary>
    public static async Task<TestDatabase> Create(StorageProvider provider, bool migrated = true)
    {
        var folder = Directory.CreateTempSubdirectory("rollout-test-").FullName;
        if (provider == StorageProvider.Sqlite)
        {
            var file = Path.Combine(folder, "rollout.db");
            if (migrated)
            {
                File.Copy(await SqliteTemplate(), file);
            }

            return new TestDatabase(provider, $"Data Source={file};Default Timeout=120", folder, null, null);
        }

        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException(
                $"{PostgresVariable} is not set. Run the tests with scripts/test, which starts PostgreSQL, or set it to a connection string of a server where databases may be created.");
        }

        var name = $"rollout_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand(migrated ? $"CREATE DATABASE {name} TEMPLATE {await PostgresTemplate(admin)}" : $"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        // A crowd of 2,000 checkouts queues for pooled connections while other tests run: give it time, not errors.
        // Test classes run in parallel, each with its own pool: cap each pool well under the server's max_connections.
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, Timeout = 60, CommandTimeout = 60, MaxPoolSize = 40 };
        return new TestDatabase(provider, builder.ConnectionString, folder, admin, name);
    }

    private static async Task<string> SqliteTemplate()
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (sqliteTemplate is null)
            {
                var file = Path.Combine(Directory.CreateTempSubdirectory("rollout-template-").FullName, "rollout.db");
                var options = new DbContextOptionsBuilder<SqliteRolloutDb>().UseSqlite($"Data Source={file}").Options;
                await using (var db = new SqliteRolloutDb(options))
                {
                    await RolloutStorage.Migrate(db);
                    await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
                }

                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // Closed, so the file is whole on its own.
                sqliteTemplate = file;
            }

            return sqliteTemplate;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private static async Task<string> PostgresTemplate(string admin)
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (postgresTemplate is null)
            {
                var name = $"rollout_template_{Guid.NewGuid():N}";
                await using (var connection = new NpgsqlConnection(admin))
                {
                    await connection.OpenAsync();
                    await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                    await create.ExecuteNonQueryAsync();
                }

                // No pooling: PostgreSQL copies a template only while nobody is connected to it.
                var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false };
                var options = new DbContextOptionsBuilder<PostgresRolloutDb>().UseNpgsql(builder.ConnectionString).Options;
                await using (var db = new PostgresRolloutDb(options))
                {
                    await RolloutStorage.Migrate(db);
                }

                postgresTemplate = name;
            }

            return postgresTemplate;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (postgresAdmin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(postgresAdmin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {databaseName} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow shutdown; the temp folder is cleaned by the system.
        }
    }
}
