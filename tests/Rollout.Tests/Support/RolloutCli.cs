using System.Diagnostics;

namespace Rollout.Tests.Support;

public sealed record CliRun(int ExitCode, string Out, string Error);

/// <summary>Runs the real <c>rollout</c> command in its own process, as a user would.</summary>
public static class RolloutCli
{
    public static async Task<CliRun> Run(TestDatabase database, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = database.Folder,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Rollout.Cli.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--provider");
        start.ArgumentList.Add(database.Provider.ToString());
        start.ArgumentList.Add("--connection-string");
        start.ArgumentList.Add(database.ConnectionString);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new CliRun(process.ExitCode, await output, await error);
    }
}
