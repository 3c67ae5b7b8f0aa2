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
        }.Concat(settings))
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
