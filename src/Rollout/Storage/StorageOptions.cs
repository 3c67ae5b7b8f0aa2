using Microsoft.Extensions.Configuration;

namespace Rollout.Storage;

/// <summary>Which database Rollout uses: SQLite in a file by default, PostgreSQL in production.</summary>
public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Storage settings read from configuration: <c>Rollout:Database:Provider</c> (Sqlite or Postgres),
/// <c>Rollout:Database:ConnectionString</c>, and <c>Rollout:DataFolder</c> for the default SQLite file.
/// </summary>
public sealed record StorageOptions(StorageProvider Provider, string ConnectionString)
{
    public static StorageOptions From(IConfiguration configuration)
    {
        var providerText = configuration["Rollout:Database:Provider"] ?? nameof(StorageProvider.Sqlite);
        if (!Enum.TryParse<StorageProvider>(providerText, ignoreCase: true, out var provider))
        {
            throw new InvalidOperationException($"Rollout:Database:Provider is '{providerText}'; use Sqlite or Postgres.");
        }

        var connection = configuration["Rollout:Database:ConnectionString"];
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (provider == StorageProvider.Postgres)
            {
                throw new InvalidOperationException("Rollout:Database:ConnectionString is required with the Postgres provider.");
            }

            var folder = PrivateFiles.Folder(Path.GetFullPath(DataFolder(configuration)));
            var file = Path.Combine(folder, "rollout.db");
            // Made owner-only before SQLite opens it, so its -wal and -shm files (which take its mode) are too.
            PrivateFiles.EmptyFile(file);
            PrivateFiles.Narrow(file + "-wal");
            PrivateFiles.Narrow(file + "-shm");

            // Writers queue for SQLite's single write lock; give a crowd a minute before a writer gives up.
            connection = $"Data Source={file};Default Timeout=60";
        }

        if (provider == StorageProvider.Postgres)
        {
            // Prepare the statements Rollout repeats all day (a checkout's few dozen) unless told otherwise: PostgreSQL
            // then parses and plans each once per connection instead of every time.
            var postgres = new Npgsql.NpgsqlConnectionStringBuilder(connection);
            if (!connection.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase))
            {
                postgres.MaxAutoPrepare = 64;
            }

            connection = postgres.ConnectionString;
        }

        return new StorageOptions(provider, connection);
    }

    public static string DataFolder(IConfiguration configuration) => configuration["Rollout:DataFolder"] ?? "data";
}
