using System.Diagnostics;
using System.Globalization;

namespace Rollout.Tests.Support;

public sealed record CliRun(int ExitCode, string Out, string Error);

/// <summary>Runs the real <c>rollout</c> command in its own process, as a user would, on the test's clock.</summary>
public static class RolloutCli
{
    /// <summary>Runs the command on a database of its own, at the suite's day (<see cref="TestClock.Running"/>).</summary>
    public static Task<CliRun> Run(TestDatabase database, params string[] args) =>
        Run(database, ("Rollout__Clock__Offset", TestClock.Offset.ToString("c", CultureInfo.InvariantCulture)), args);

    /// <summary>Runs the command on the database of a server under test, at the instant its clock reads.</summary>
    public static Task<CliRun> Run(RolloutApp app, params string[] args) =>
        Run(app.Database, ("Rollout__Clock__Now", app.Clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)), args);

    private static async Task<CliRun> Run(TestDatabase database, (string Name, string Value) clock, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = database.Folder,
        };
        start.Environment[clock.Name] = clock.Value;
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
