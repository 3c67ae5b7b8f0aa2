using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Rollout.Bench;

/// <summary>
/// A PostgreSQL server of Debian's packages for one run, in a temporary folder on a free loopback port, with the
/// default durability (fsync on): what a deployment would run, not a test shortcut. Stopped and deleted on dispose.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string bin;
    private readonly string folder;

    private ThrowawayPostgres(string bin, string folder, int port) => (this.bin, this.folder, ConnectionString) = (bin, folder, $"Host=127.0.0.1;Port={port};Username=postgres");

    public string ConnectionString { get; }

    public static async Task<ThrowawayPostgres> Start()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(Directory.Exists).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL is not installed: apt-get install postgresql, or pass --connection.");
        }

        var folder = Directory.CreateTempSubdirectory("rollout-bench-pg-").FullName;
        if (Environment.UserName == "root")
        {
            await Run("chown", "postgres", folder);
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var postgres = new ThrowawayPostgres(bin, folder, port);
        await postgres.AsPostgres("initdb", "-D", Path.Combine(folder, "data"), "-A", "trust", "-U", "postgres");
        await postgres.AsPostgres("pg_ctl", "-D", Path.Combine(folder, "data"), "-l", Path.Combine(folder, "server.log"), "-w",
            "-o", $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB", "start");
        return postgres;
    }

    public async ValueTask DisposeAsync()
    {
        await AsPostgres("pg_ctl", "-D", Path.Combine(folder, "data"), "-m", "fast", "stop");
        Directory.Delete(folder, recursive: true);
    }

    private Task AsPostgres(string tool, params string[] args) =>
        Environment.UserName == "root"
            ? Run("runuser", ["-u", "postgres", "--", Path.Combine(bin, tool), .. args])
            : Run(Path.Combine(bin, tool), args);

    private static async Task Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {await error}{await output}");
        }
    }
}
