using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Rollout.Tests.Support;

/// <summary>
/// The real server in its own process on a test database, as it is deployed, its clock running from the suite's day
/// (<see cref="TestClock.Running"/>, which the test reads too): for tests that kill
/// it, or that drive it from another process (the CLI). The admin is admin@test.local with <see cref="Password"/>;
/// passwords are hashed with few rounds, so a test can register a crowd.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    public const string Password = "Admin-Pass-1234";
    private Process? process;

    private ServerProcess(Uri address) => Address = address;

    public Uri Address { get; }

    /// <summary>The process id (its flash-sale leases name it).</summary>
    public int Pid => process?.Id ?? 0;

    public static async Task<ServerProcess> Start(TestDatabase database)
    {
        var server = new ServerProcess(new Uri($"http://127.0.0.1:{FreePort()}"));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = database.Folder };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Rollout.Server.dll"), "--urls", server.Address.ToString(),
            $"--Rollout:Database:Provider={database.Provider}", $"--Rollout:Database:ConnectionString={database.ConnectionString}",
            $"--Rollout:DataFolder={database.Folder}", "--Rollout:Bootstrap:AdminEmail=admin@test.local", $"--Rollout:Bootstrap:AdminPassword={Password}",
            $"--Rollout:Clock:Offset={TestClock.Offset.ToString("c", System.Globalization.CultureInfo.InvariantCulture)}", "--Logging:LogLevel:Default=Warning", "--Rollout:DemoStock=false", "--Rollout:Identity:PasswordHashIterations=1000",
            "--Rollout:Identity:SecondFactorRequiredFor=none", $"--Rollout:Payments:Card:Secret={RolloutApp.CardSecret}",
        }.Concat(RolloutApp.CrowdLimits.Select(limit => $"--{limit.Key}={limit.Value}"))) // Every test client is 127.0.0.1.
        {
            start.ArgumentList.Add(arg);
        }

        server.process = Process.Start(start)!;
        server.process.OutputDataReceived += (_, _) => { };
        server.process.ErrorDataReceived += (_, _) => { };
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = server.Address };
        for (var i = 0; i < 900; i++)
        {
            try
            {
                if ((await probe.GetAsync("/health", TestContext.Current.CancellationToken)).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        server.Dispose();
        throw new InvalidOperationException("The server did not start within 90 s.");
    }

    /// <summary>A client signed in as the admin.</summary>
    public async Task<HttpClient> Admin()
    {
        var client = new HttpClient { BaseAddress = Address };
        var token = JsonDocument.Parse(await (await client.PostAsJsonAsync("/api/auth/token", new { email = "admin@test.local", password = Password }, TestContext.Current.CancellationToken))
            .Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>SIGTERM, as a deploy stops a server: it drains its requests and stops; waits until it has.</summary>
    public async Task Stop()
    {
        if (process is { HasExited: false })
        {
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        Dispose();
    }

    /// <summary>SIGKILL: no shutdown, no flush, no goodbye.</summary>
    public void Dispose()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process?.Dispose();
        process = null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
