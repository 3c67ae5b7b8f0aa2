using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rollout.Storage;

namespace Rollout.Tests.Support;

/// <summary>What a test's database holds when the test gets it.</summary>
public enum TestData
{
    /// <summary>Nothing: not even the schema (a test of migrating).</summary>
    Empty,

    /// <summary>The schema.</summary>
    Migrated,

    /// <summary>The schema, the first admin (<see cref="RolloutApp.AdminEmail"/>) and the demo without stock, as a test server's start leaves it.</summary>
    Demo,
}

/// <summary>
/// A fresh database of one provider for one test: a SQLite file in a temporary folder, or a new database
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
    /// Each test's database starts as a copy of one made once per run (a file copy on SQLite, a template on
    /// PostgreSQL): migrated, or migrated and holding what a server's first start writes (the demo, the first admin).
    /// Making them was most of every test's start; the server still runs its start on the copy, and finds the
    /// migrations applied, the admin made and the demo loaded, as a server restarting on its own database does.
    /// </summary>
    private static readonly ConcurrentDictionary<(StorageProvider, TestData), Lazy<Task<string>>> Templates = new();

    /// <summary>A database for one test: migrated already, unless <paramref name="migrated"/> is false (a test of migrating).</summary>
    public static Task<TestDatabase> Create(StorageProvider provider, bool migrated = true) =>
        Create(provider, migrated ? TestData.Migrated : TestData.Empty);

    /// <summary>A database for one test, holding <paramref name="data"/>.</summary>
    public static async Task<TestDatabase> Create(StorageProvider provider, TestData data)
    {
        var folder = Directory.CreateTempSubdirectory("rollout-test-").FullName;
        if (provider == StorageProvider.Sqlite)
        {
            var file = Path.Combine(folder, "rollout.db");
            if (data != TestData.Empty)
            {
                File.Copy(await Template(provider, data), file);
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
            await using var create = new NpgsqlCommand(data != TestData.Empty ? $"CREATE DATABASE {name} TEMPLATE {await Template(provider, data)}" : $"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        // A crowd of 2,000 checkouts queues for pooled connections while other tests run: give it time, not errors.
        // Test classes run in parallel, each with its own pool: cap each pool well under the server's max_connections.
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, Timeout = 60, CommandTimeout = 60, MaxPoolSize = 40 };
        return new TestDatabase(provider, builder.ConnectionString, folder, admin, name);
    }

    /// <summary>The template's file (SQLite) or database name (PostgreSQL), made by the first test that asks for it.</summary>
    private static Task<string> Template(StorageProvider provider, TestData data) =>
        Templates.GetOrAdd((provider, data), key => new Lazy<Task<string>>(() => key switch
        {
            (StorageProvider.Sqlite, TestData.Migrated) => SqliteTemplate(),
            (StorageProvider.Postgres, TestData.Migrated) => PostgresTemplate(),
            (_, TestData.Demo) => DemoTemplate(provider),
            _ => throw new ArgumentOutOfRangeException(nameof(data), data, "An empty database has no template."),
        })).Value;

    private static async Task<string> SqliteTemplate()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("rollout-template-").FullName, "rollout.db");
        var options = new DbContextOptionsBuilder<SqliteRolloutDb>().UseSqlite($"Data Source={file}").Options;
        await using (var db = new SqliteRolloutDb(options))
        {
            await RolloutStorage.Migrate(db);
        }

        return await SqliteWhole($"Data Source={file}", file);
    }

    private static async Task<string> PostgresTemplate()
    {
        var admin = Environment.GetEnvironmentVariable(PostgresVariable)!;
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

        return name;
    }

    /// <summary>
    /// A migrated database on which a test server (<see cref="RolloutApp"/>, with its defaults) started once at
    /// <see cref="TestClock.Today"/>: the first admin made, the demo loaded, as every test's server would make them.
    /// </summary>
    private static async Task<string> DemoTemplate(StorageProvider provider)
    {
        var database = await Create(provider, TestData.Migrated);
        string used; // The server's connection string (it adds settings of its own), whose pool is emptied below.
        await using (var app = RolloutApp.Start(database))
        {
            app.CreateClient().Dispose();
            used = app.Services.GetRequiredService<StorageOptions>().ConnectionString;
        }

        if (provider == StorageProvider.Sqlite)
        {
            return await SqliteWhole(used, Path.Combine(database.Folder, "rollout.db"));
        }

        NpgsqlConnection.ClearPool(new NpgsqlConnection(used)); // Nobody connected, so it can be copied.
        return database.databaseName!;
    }

    /// <summary>Writes the write-ahead log into the file and closes it, so the file alone is the whole database.</summary>
    private static async Task<string> SqliteWhole(string connectionString, string file)
    {
        SqliteConnection.ClearPool(new SqliteConnection(connectionString));
        var unpooled = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        await using (var connection = new SqliteConnection(unpooled))
        {
            await connection.OpenAsync();
            await using var checkpoint = new SqliteCommand("PRAGMA wal_checkpoint(TRUNCATE);", connection);
            await checkpoint.ExecuteNonQueryAsync();
        }

        return file;
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
            SqliteConnection.ClearAllPools();
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
