using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Rollout.Cli;

/// <summary>
/// The CLI's composition: the same <see cref="RolloutStorage.AddRollout"/> as the server, configured from
/// environment variables (Rollout__Database__Provider, ...) and the global options, which win.
/// </summary>
public static class CliHost
{
    public static readonly Option<string?> Provider = new("--provider") { Description = "Database provider: Sqlite (default) or Postgres.", Recursive = true };
    public static readonly Option<string?> ConnectionString = new("--connection-string") { Description = "Database connection string (default: SQLite file in the data folder).", Recursive = true };
    public static readonly Option<string?> DataFolder = new("--data-folder") { Description = "Folder of the default SQLite database (default: ./data).", Recursive = true };

    public static IHost Build(ParseResult parse)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = false, Args = [] });
        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(Provider) is { } provider)
        {
            overrides["Rollout:Database:Provider"] = provider;
        }

        if (parse.GetValue(ConnectionString) is { } connection)
        {
            overrides["Rollout:Database:ConnectionString"] = connection;
        }

        if (parse.GetValue(DataFolder) is { } folder)
        {
            overrides["Rollout:DataFolder"] = folder;
        }

        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Logging.ClearProviders();
        builder.Services.AddRollout();
        return builder.Build();
    }

    /// <summary>The settings a command reads without a database: environment variables (Rollout__Clock__Now, ...).</summary>
    public static IConfiguration Settings() => new ConfigurationBuilder().AddEnvironmentVariables().Build();

    /// <summary>Runs one command in its own scope with an up-to-date database; bad configuration is a clean failure.</summary>
    public static async Task<int> Run(ParseResult parse, Func<IServiceProvider, CancellationToken, Task<int>> command, CancellationToken ct, bool migrate = true)
    {
        try
        {
            // What a command changes is a staff action: the audit log names the operator's account on this machine.
            Rollout.Audit.AuditActor.Set($"cli:{Environment.UserName}");
            using var host = Build(parse);
            await using var scope = host.Services.CreateAsyncScope();
            if (migrate)
            {
                await RolloutStorage.Migrate(scope.ServiceProvider.GetRequiredService<RolloutDb>(), ct);
            }

            return await command(scope.ServiceProvider, ct);
        }
        catch (InvalidOperationException e)
        {
            return Fail(e.Message);
        }
    }

    public static int Fail(string message)
    {
        Console.Error.WriteLine($"rollout: {message}");
        return 1;
    }

    /// <summary>Prints an error's message and each field's broken rule to stderr and returns the exit code 1.</summary>
    public static int Fail(Error error, string? source = null)
    {
        var prefix = source is null ? "rollout" : source;
        if (error.Fields.Count == 0)
        {
            Console.Error.WriteLine($"{prefix}: {error.Message}");
        }

        foreach (var (field, messages) in error.Fields)
        {
            foreach (var message in messages)
            {
                Console.Error.WriteLine($"{prefix}: {field}: {message}");
            }
        }

        return 1;
    }

    /// <summary>Writes rows as left-aligned columns under a header.</summary>
    public static void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        foreach (var row in all)
        {
            Console.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }
    }
}
