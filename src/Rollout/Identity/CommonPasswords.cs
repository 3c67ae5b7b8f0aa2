using System.IO.Compression;
using Microsoft.AspNetCore.Identity;

namespace Rollout.Identity;

/// <summary>
/// Refuses passwords that attackers try first: the list shipped in <c>common-passwords.txt.gz</c> (made by
/// <c>scripts/make-common-passwords.py</c> from well-known weak passwords and their usual suffixes, keyboard walks and
/// every long word of Debian's English word lists), compared without regard to case. Length is Identity's own rule
/// (12 at least); there are no composition rules (NIST SP 800-63B).
/// </summary>
public sealed class CommonPasswords : IPasswordValidator<RolloutUser>
{
    public const string Code = "PasswordTooCommon";

    private static readonly Lazy<HashSet<string>> List = new(Load);

    public static bool Contains(string password) => List.Value.Contains(password);

    public Task<IdentityResult> ValidateAsync(UserManager<RolloutUser> manager, RolloutUser user, string? password) =>
        Task.FromResult(password is not null && Contains(password)
            ? IdentityResult.Failed(new IdentityError { Code = Code, Description = "This password is one of the most common ones, which attackers try first; choose another (a few unrelated words make a good one)." })
            : IdentityResult.Success);

    private static HashSet<string> Load()
    {
        using var resource = typeof(CommonPasswords).Assembly.GetManifestResourceStream("common-passwords.txt.gz")
            ?? throw new InvalidOperationException("The common-password list is missing from the build.");
        using var reader = new StreamReader(new GZipStream(resource, CompressionMode.Decompress));
        var list = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                list.Add(line);
            }
        }

        return list;
    }
}
