using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Identity;
using Rollout.Storage;

namespace Rollout.Tests.Identity;

/// <summary>Issue 14: twelve characters at least, no composition rules, and not a common password (whatever its case).</summary>
public sealed class PasswordRuleTests
{
    private static async Task<string[]> Broken(string password)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddRollout();
        await using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<RolloutUser>>();
        var broken = new List<string>();
        foreach (var rule in users.PasswordValidators)
        {
            broken.AddRange((await rule.ValidateAsync(users, new RolloutUser(), password)).Errors.Select(e => e.Code));
        }

        return [.. broken];
    }

    [Theory]
    [InlineData("correct horse battery")]
    [InlineData("alllowercaseletters")]
    [InlineData("Staff-Pass-1234")]
    [InlineData("Customer-Pass-1")]
    [InlineData("Admin-Pass-1234")]
    public async Task A_long_uncommon_password_passes_whatever_its_characters(string password) =>
        Assert.Empty(await Broken(password));

    [Fact]
    public async Task Eleven_characters_are_too_few() =>
        Assert.Equal([nameof(IdentityErrorDescriber.PasswordTooShort)], await Broken("abcdefghjkm"));

    [Theory]
    [InlineData("password1234")]
    [InlineData("PASSWORD1234")]
    [InlineData("Password1234")]
    [InlineData("qwerty123456")]
    [InlineData("iloveyou2024")]
    [InlineData("1q2w3e4r5t6y")]
    [InlineData("123456789012")]
    [InlineData("Football-2023")]
    [InlineData("rollout12345")]
    [InlineData("Constitutional")]
    public async Task A_common_password_is_refused_in_any_case(string password) =>
        Assert.Equal([CommonPasswords.Code], await Broken(password));

    [Fact]
    public void The_shipped_list_holds_more_than_ten_thousand_passwords_of_twelve_characters_or_more()
    {
        Assert.True(CommonPasswords.Contains("passwordpassword"));
        using var resource = typeof(CommonPasswords).Assembly.GetManifestResourceStream("common-passwords.txt.gz")!;
        using var reader = new StreamReader(new System.IO.Compression.GZipStream(resource, System.IO.Compression.CompressionMode.Decompress));
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 10_000, $"{lines.Length} passwords");
        Assert.All(lines, l => Assert.True(l.Length >= 12, l));
    }
}
