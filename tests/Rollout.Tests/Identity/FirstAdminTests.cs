using System.Net;
using System.Net.Http.Json;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Identity;

/// <summary>Issue 14: the first admin's generated password goes to a file only its owner reads, never to the log, and is changed at the first sign-in.</summary>
public abstract class FirstAdminTests(StorageProvider provider) : ProviderTest(provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected override bool LoadDemo => false;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["Rollout:Bootstrap:AdminPassword"] = "" };

    internal sealed record Problem(string? Detail, string? Code);

    private string PasswordFile => Path.Combine(App.Database.Folder, BootstrapAdmin.PasswordFile);

    private string GeneratedPassword => File.ReadAllLines(PasswordFile)[1];

    [Fact]
    public void The_generated_password_is_in_a_file_only_its_owner_reads_and_the_log_names_the_file_not_the_password()
    {
        Assert.Equal(RolloutApp.AdminEmail, File.ReadAllLines(PasswordFile)[0]);
        Assert.True(GeneratedPassword.Length >= 20);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PasswordFile));
        }

        var logged = Assert.Single(App.Logs.Lines, l => l.Contains("First admin created", StringComparison.Ordinal));
        Assert.Contains(PasswordFile, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(App.Logs.Lines, l => l.Contains(GeneratedPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_first_sign_in_asks_for_a_new_password_which_then_opens_the_api()
    {
        var first = await App.CreateClient().PostAsJsonAsync("/api/auth/token", new { email = RolloutApp.AdminEmail, password = GeneratedPassword }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, first.StatusCode);
        Assert.Equal(SignInAtDoor.MustChangeCode, (await first.Content.ReadFromJsonAsync<Problem>(Ct))!.Code);

        var changed = await App.CreateClient().PostAsJsonAsync("/api/auth/password", new { email = RolloutApp.AdminEmail, currentPassword = GeneratedPassword, newPassword = "the admin's own passphrase" }, Ct);

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        var admin = await App.SignedIn(RolloutApp.AdminEmail, "the admin's own passphrase");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/staff", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_console_login_sends_the_first_admin_to_change_the_password()
    {
        using var browser = FormPages.Client(App);
        var (_, token) = await FormPages.Open(browser, "/admin/login");
        var answer = await FormPages.Post(browser, "/admin/login", token, new Dictionary<string, string> { ["email"] = RolloutApp.AdminEmail, ["password"] = GeneratedPassword });

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith("/admin/password", answer.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Null(FormPages.AuthCookie(answer));
    }
}

public sealed class SqliteFirstAdminTests() : FirstAdminTests(StorageProvider.Sqlite);

public sealed class PostgresFirstAdminTests() : FirstAdminTests(StorageProvider.Postgres);
