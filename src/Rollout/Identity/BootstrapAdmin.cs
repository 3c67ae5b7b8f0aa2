using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Rollout.Identity;

/// <summary>
/// Makes sure an empty database gets its first admin: from configuration when an e-mail and password are given,
/// otherwise with a generated password written once to a file only the server's user can read
/// (<see cref="PasswordFile"/> in the data folder), never to a log, and to be changed at the first sign-in.
/// </summary>
public static class BootstrapAdmin
{
    public const string DefaultEmail = "admin@rollout.local";

    public const string PasswordFile = "first-admin-password.txt";

    /// <returns>The file holding the generated password when one was made, so the caller can name it; null otherwise.</returns>
    public static async Task<Result<string?>> Handle(string? email, string? password, string dataFolder, UserManager<RolloutUser> users, RoleManager<IdentityRole> roles)
    {
        if (users.Users.Any())
        {
            return (string?)null;
        }

        var generated = string.IsNullOrEmpty(password) ? Generate() : null;
        email ??= DefaultEmail;
        var created = await AddStaff.Handle(new AddStaffRequest(email, generated ?? password, [StaffRoles.Admin]), users, roles);
        if (!created.IsSuccess)
        {
            return created.Error;
        }

        if (generated is null)
        {
            return (string?)null;
        }

        var user = (await users.FindByEmailAsync(email))!;
        user.MustChangePassword = true;
        await users.UpdateAsync(user);
        return Write(dataFolder, email, generated);
    }

    private static string Write(string dataFolder, string email, string generated)
    {
        Directory.CreateDirectory(dataFolder);
        var path = Path.GetFullPath(Path.Combine(dataFolder, PasswordFile));
        File.Delete(path); // A new file gets the mode below; an old one would keep its own.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new StreamWriter(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options);
        file.Write($"{email}\n{generated}\n# The first admin's password: sign in at /admin/login, choose a new one when asked, then delete this file.\n");
        return path;
    }

    /// <summary>24 characters from 144 random bits.</summary>
    private static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('/', 'x').Replace('+', 'y');
}
