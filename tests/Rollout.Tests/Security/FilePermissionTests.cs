using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Mail;
using Rollout.Orders;
using Rollout.Storage;

namespace Rollout.Tests.Security;

/// <summary>
/// Issue 14: what the server keeps on disk (the data folder, the SQLite database, payments/, mail/) is readable
/// by its owner only: folders 0700, files 0600, whatever the umask, and loose ones found there are narrowed.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FilePermissionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// A server whose data folder is <c>data</c> in the test's folder, with the default SQLite file, a webhook secret and
    /// a pickup folder of its own; it signs a token (a key), makes the secret and drops an e-mail.
    /// </summary>
    private static async Task Run(TestDatabase database, string data)
    {
        var settings = new Dictionary<string, string>
        {
            ["Rollout:DataFolder"] = data,
            ["Rollout:Database:ConnectionString"] = "", // the default: rollout.db in the data folder
            ["Rollout:Payments:Card:Secret"] = "", // made and kept in data/payments
        };
        await using var app = RolloutApp.Start(database, loadDemo: false, settings: settings);
        (await app.CreateClient().PostAsJsonAsync("/api/auth/token", new { email = RolloutApp.AdminEmail, password = RolloutApp.AdminPassword }, Ct)).EnsureSuccessStatusCode();
        _ = app.Services.GetRequiredService<PaymentProviders>();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RolloutDb>();
            db.OutboxMessages.Add(OutboxMessage.Write("ana@example.es", "Pedido recibido", "Calle Mayor 1, Madrid", "order-1", NodaTime.Instant.FromDateTimeOffset(app.Clock.GetUtcNow())));
            await db.SaveChangesAsync(Ct);
        }

        for (var i = 0; i < 100 && !(Directory.Exists(Path.Combine(data, "mail")) && Directory.GetFiles(Path.Combine(data, "mail"), "*.eml").Length > 0); i++)
        {
            await Task.Delay(100, Ct);
        }
    }

    private static void AssertOwnerOnly(string data)
    {
        // The key ring that signs sessions is in the database (SharedKeyRing), not in a folder of its own.
        var folders = new[] { data, Path.Combine(data, "payments"), Path.Combine(data, "mail") };
        var files = new[] { Path.Combine(data, "rollout.db"), Path.Combine(data, "payments", "card-webhook-secret") }
            .Concat(Directory.GetFiles(Path.Combine(data, "mail"), "*.eml"))
            .Concat(new[] { "-wal", "-shm" }.Select(s => Path.Combine(data, "rollout.db" + s)).Where(File.Exists))
            .ToList();

        Assert.Single(Directory.GetFiles(Path.Combine(data, "mail"), "*.eml"));
        Assert.False(Directory.Exists(Path.Combine(data, "keys")));
        Assert.All(folders, f => Assert.Equal((f, OwnerOnlyFolder), (f, File.GetUnixFileMode(f))));
        Assert.All(files, f => Assert.Equal((f, OwnerOnlyFile), (f, File.GetUnixFileMode(f))));
    }

    [Fact]
    public async Task What_the_server_writes_is_readable_by_its_owner_only()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        await using var database = await TestDatabase.Create(StorageProvider.Sqlite);
        var data = Path.Combine(database.Folder, "data");

        await Run(database, data);

        AssertOwnerOnly(data);
    }

    [Fact]
    public async Task Folders_and_files_found_readable_by_others_are_narrowed_to_the_owner()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        await using var database = await TestDatabase.Create(StorageProvider.Sqlite);
        var data = Path.Combine(database.Folder, "data");
        const UnixFileMode everyone = OwnerOnlyFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        Directory.CreateDirectory(Path.Combine(data, "mail"), everyone | UnixFileMode.OtherWrite);
        Directory.CreateDirectory(Path.Combine(data, "payments"), everyone);
        File.SetUnixFileMode(data, everyone);
        await File.WriteAllTextAsync(Path.Combine(data, "payments", "card-webhook-secret"), new string('a', 64), Ct);
        File.SetUnixFileMode(Path.Combine(data, "payments", "card-webhook-secret"), OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await File.WriteAllBytesAsync(Path.Combine(data, "rollout.db"), [], Ct);
        File.SetUnixFileMode(Path.Combine(data, "rollout.db"), OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await Run(database, data);

        AssertOwnerOnly(data);
        Assert.Equal(new string('a', 64), await File.ReadAllTextAsync(Path.Combine(data, "payments", "card-webhook-secret"), Ct)); // kept, not replaced
    }
}
