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

    public static async Task<TestDatabase> Create(StorageProvider provider)
    {
        var folder = Directory.CreateTempSubdirectory("rollout-test-").FullName;
        if (provider == StorageProvider.Sqlite)
        {
            return new TestDatabase(provider, $"Data Source={Path.Combine(folder, "rollout.db")};Default Timeout=120", folder, null, null);
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
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        // A crowd of 2,000 checkouts queues for pooled connections while other tests run: give it time, not errors.
        // Test classes run in parallel, each with its own pool: cap each pool well under the server's max_connections.
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, Timeout = 60, CommandTimeout = 60, MaxPoolSize = 40 };
        return new TestDatabase(provider, builder.ConnectionString, folder, admin, name);
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
