using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Cli;

namespace Rollout.Identity;

/// <summary>
/// <c>rollout staff keys issue|list|revoke</c>: keys for scripts, the same use cases as <c>/api/staff/{email}/keys</c>.
/// An issued key is printed once, on its own line, so a script can read it: <c>key=$(rollout staff keys issue …)</c>.
/// </summary>
public static class StaffKeyCommands
{
    public static Command Create()
    {
        var keys = new Command("keys", "Keys for scripts (Authorization: StaffKey sk_….…): issue, list, revoke.");
        keys.Subcommands.Add(Issue());
        keys.Subcommands.Add(List());
        keys.Subcommands.Add(Revoke());
        return keys;
    }

    private static Option<string> Email() => new("--email") { Description = "The staff member the key acts for.", Required = true };

    private static Command Issue()
    {
        var email = Email();
        var name = new Option<string>("--name") { Description = "What uses the key (\"nightly price import\").", Required = true };
        var role = new Option<string[]>("--role") { Description = "One of the account's roles; repeat for several.", Required = true, AllowMultipleArgumentsPerToken = true };
        var days = new Option<int?>("--days") { Description = $"How long it works, 1 to {IssueApiKey.MostDays} days (default 90)." };
        var issue = new Command("issue", "Issues a key to a staff account and prints it once; it is never shown again.") { email, name, role, days };
        issue.SetAction((parse, ct) => CliHost.Run(parse, async (services, ct) =>
        {
            var issued = await IssueApiKey.Handle(
                parse.GetValue(email)!,
                new IssueApiKeyRequest(parse.GetValue(name), parse.GetValue(role), parse.GetValue(days)),
                $"cli:{Environment.UserName}",
                services.GetRequiredService<UserManager<RolloutUser>>(),
                services.GetRequiredService<RolloutDb>(),
                services.GetRequiredService<TimeProvider>(),
                ct);
            if (!issued.IsSuccess)
            {
                return CliHost.Fail(issued.Error);
            }

            var key = issued.Value.Key;
            Console.Error.WriteLine($"Key {key.Id} \"{key.Name}\" for {parse.GetValue(email)} ({string.Join(", ", key.Roles)}) until {key.ExpiresAt:yyyy-MM-dd HH:mm} UTC. Keep it now: it is not shown again.");
            Console.WriteLine(issued.Value.Secret);
            return 0;
        }, ct));
        return issue;
    }

    private static Command List()
    {
        var email = Email();
        var list = new Command("list", "Lists a staff member's keys, newest first (never their secrets).") { email };
        list.SetAction((parse, ct) => CliHost.Run(parse, async (services, ct) =>
        {
            var listed = await ListApiKeys.Handle(parse.GetValue(email)!, services.GetRequiredService<UserManager<RolloutUser>>(), services.GetRequiredService<RolloutDb>(), ct);
            if (!listed.IsSuccess)
            {
                return CliHost.Fail(listed.Error);
            }

            var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            CliHost.Table(
                ["id", "name", "roles", "issued", "expires", "state"],
                listed.Value.Select(k => (IReadOnlyList<string>)
                    [k.Id, k.Name, string.Join(",", k.Roles), $"{k.IssuedAt:yyyy-MM-dd}", $"{k.ExpiresAt:yyyy-MM-dd}", k.RevokedAt is not null ? "revoked" : k.ExpiresAt <= now ? "expired" : "works"]));
            return 0;
        }, ct));
        return list;
    }

    private static Command Revoke()
    {
        var email = Email();
        var id = new Argument<string>("id") { Description = "The key's id (the part between sk_ and the dot)." };
        var revoke = new Command("revoke", "Revokes a key: its next use is refused.") { email, id };
        revoke.SetAction((parse, ct) => CliHost.Run(parse, async (services, ct) =>
        {
            var revoked = await RevokeApiKey.Handle(
                parse.GetValue(email)!, parse.GetValue(id)!, services.GetRequiredService<UserManager<RolloutUser>>(),
                services.GetRequiredService<RolloutDb>(), services.GetRequiredService<TimeProvider>(), ct);
            if (!revoked.IsSuccess)
            {
                return CliHost.Fail(revoked.Error);
            }

            Console.WriteLine($"Key {revoked.Value.Id} \"{revoked.Value.Name}\" is revoked.");
            return 0;
        }, ct));
        return revoke;
    }
}
