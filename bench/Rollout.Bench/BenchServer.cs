using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rollout.Bench;

/// <summary>The server as deployed: its Release build in its own process, on the given database.</summary>
public sealed class BenchServer : IDisposable
{
    private readonly Process process;
    private bool disposed;

    private BenchServer(Process process, Uri address) => (this.process, Address) = (process, address);

    public Uri Address { get; }

    /// <summary>The process id (its flash-sale leases name it).</summary>
    public int Pid => process.Id;

    /// <summary>
    /// The load generator is one address signing in, opening carts and claiming for thousands of shoppers: the abuse
    /// limits (decision 13) are raised out of its way. They are still applied, so their cost is measured.
    /// </summary>
    private static IEnumerable<string> OneClientLimits =>
        new[] { "SignInPerMinute", "SignInPerAccountPerMinute", "RegistrationsPerHour", "CartsPerMinute", "HoldsPerMinute", "ClaimsPerMinute", "UnitsHeldPerCart", "UnitsHeldPerAddress" }
            .Select(setting => $"--Rollout:Limits:{setting}=1000000");

    public static async Task<BenchServer> Start(string provider, string connection, string folder, string adminEmail, string adminPassword, IEnumerable<string> settings)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var address = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        listener.Stop();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Rollout.Server.dll"), "--urls", address.ToString(),
            $"--Rollout:Database:Provider={provider}", $"--Rollout:Database:ConnectionString={connection}", $"--Rollout:DataFolder={folder}",
            $"--Rollout:Bootstrap:AdminEmail={adminEmail}", $"--Rollout:Bootstrap:AdminPassword={adminPassword}",
            "--Rollout:DemoStock=false", "--Logging:LogLevel:Default=Warning",
            // The benchmarks sign in as the admin from a script, which has no authenticator app (outside Development admins need one).
            "--Rollout:Identity:SecondFactorRequiredFor=none",
        }.Concat(OneClientLimits).Concat(settings))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => errors.AppendLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = address };
        for (var i = 0; i < 600; i++)
        {
            try
            {
                if ((await probe.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return new BenchServer(process, address);
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited)
            {
                break;
            }

            await Task.Delay(100);
        }

        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"The server did not start: {errors}");
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }
}

/// <summary>
/// A fresh database for one run: a SQLite file in a temporary folder, or a new database on the PostgreSQL server given
/// (else a throwaway one started for the run). The folder, and a throwaway server, are removed on dispose.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private static readonly System.Text.Json.JsonSerializerOptions Indented = new(System.Text.Json.JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly ThrowawayPostgres? postgres;
    private readonly DirectoryInfo folder;

    private BenchDatabase(ThrowawayPostgres? postgres, DirectoryInfo folder, string connectionString) =>
        (this.postgres, this.folder, ConnectionString) = (postgres, folder, connectionString);

    public string ConnectionString { get; }

    public string Folder => folder.FullName;

    public static async Task<BenchDatabase> Create(string provider, string? postgresServer)
    {
        var postgres = provider == "postgres" && postgresServer is null ? await ThrowawayPostgres.Start() : null;
        var folder = Directory.CreateTempSubdirectory("rollout-bench-");
        var connection = provider == "postgres"
            ? $"{postgresServer ?? postgres!.ConnectionString};Database=rollout_bench_{Guid.NewGuid():N};Maximum Pool Size=64"
            : $"Data Source={Path.Combine(folder.FullName, "rollout.db")};Default Timeout=60";
        return new BenchDatabase(postgres, folder, connection);
    }

    /// <summary>Prints a run's figures as JSON, and writes them to <paramref name="file"/> when one is given.</summary>
    public static async Task Report(object result, string? file)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(result, result.GetType(), Indented);
        Console.WriteLine(json);
        if (file is not null)
        {
            await File.WriteAllTextAsync(file, json + Environment.NewLine);
        }
    }

    public async ValueTask DisposeAsync()
    {
        folder.Delete(recursive: true);
        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }
    }
}
