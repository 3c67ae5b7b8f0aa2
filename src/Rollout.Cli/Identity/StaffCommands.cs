using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Cli;

namespace Rollout.Identity;

/// <summary>
/// <c>rollout staff add|list|roles|disable|enable|password|reset-second-factor|keys</c>: the same use cases as <c>/api/staff</c>. A change made
/// here ends the account's sessions in the database; a running server notices within its session check's second.
/// </summary>
public static class StaffCommands
{
    public static Command Create()
    {
        var staff = new Command("staff", "Staff accounts.");
        staff.Subcommands.Add(Add());
        staff.Subcommands.Add(List());
        staff.Subcommands.Add(Roles());
        staff.Subcommands.Add(Disabled("disable", true, "Disables a staff account: it cannot sign in, and its sessions end."));
        staff.Subcommands.Add(Disabled("enable", false, "Enables a disabled staff account again (its old sessions stay ended)."));
        staff.Subcommands.Add(Password());
        staff.Subcommands.Add(ResetSecondFactor());
        staff.Subcommands.Add(StaffKeyCommands.Create());
        return staff;
    }

    private static Option<string> Email() => new("--email") { Description = "The staff member's e-mail (their sign-in name).", Required = true };

    private static Command Add()
    {
        var email = Email();
        var password = new Option<string>("--password") { Description = "At least 12 characters, not a common password.", Required = true };
        var role = RoleOption();
        var add = new Command("add", "Creates a staff account.") { email, password, role };
        add.SetAction((parse, ct) => CliHost.Run(parse, async (services, ct) =>
        {
            var added = await AddStaff.Handle(
                new AddStaffRequest(parse.GetValue(email), parse.GetValue(password), parse.GetValue(role)),
                services.GetRequiredService<UserManager<RolloutUser>>(),
                services.GetRequiredService<RoleManager<IdentityRole>>());
            if (!added.IsSuccess)
            {
                return CliHost.Fail(added.Error);
            }

            Console.WriteLine($"Added {added.Value.Email} ({string.Join(", ", added.Value.Roles)}).");
            return 0;
        }, ct));
        return add;
    }

    private static Command List()
    {
        var page = new Option<int?>("--page") { Description = "Which page, from 1 (default 1)." };
        var size = new Option<int?>("--page-size") { Description = $"Accounts per page, 1 to {ListStaff.MaxPageSize} (default 50)." };
        var list = new Command("list", "Lists staff accounts by e-mail with their roles and state.") { page, size };
        list.SetAction((parse, ct) => CliHost.Run(parse, async (services, ct) =>
        {
            var listed = await ListStaff.Handle(parse.GetValue(page), parse.GetValue(size), services.GetRequiredService<RolloutDb>(), ct);
            if (!listed.IsSuccess)
            {
                return CliHost.Fail(listed.Error);
            }

            var p = listed.Value;
            CliHost.Table(["email", "roles", "state"], p.Items.Select(s => (IReadOnlyList<string>)[s.Email, string.Join(",", s.Roles), State(s)]));
            Console.WriteLine($"page {p.Page} of {Math.Max(1, (p.Total + p.PageSize - 1) / p.PageSize)}, {p.Total} staff");
            return 0;
        }, ct));
        return list;
    }

    private static Command Roles()
    {
        var email = Email();
        var role = RoleOption();
        var roles = new Command("roles", "Sets a staff account's roles (all of them: the ones not named are taken away); its sessions end.") { email, role };
        roles.SetAction((parse, ct) => Change(parse, parse.GetValue(email)!, new ChangeStaffRequest(parse.GetValue(role), null), ct));
        return roles;
    }

    private static Command Disabled(string name, bool disabled, string description)
    {
        var email = Email();
        var command = new Command(name, description) { email };
        command.SetAction((parse, ct) => Change(parse, parse.GetValue(email)!, new ChangeStaffRequest(null, disabled), ct));
        return command;
    }

    private static Command Password()
    {
        var email = Email();
        var password = new Option<string>("--password") { Description = "The new password: at least 12 characters, not a common password.", Required = true };
        var keep = new Option<bool>("--keep") { Description = "The owner need not change it at their next sign-in (by default they must)." };
        var command = new Command("password", "Sets a staff member's password and lifts a lockout; their sessions end.") { email, password, keep };
        command.SetAction((parse, ct) => CliHost.Run(parse, async (services, ct) =>
        {
            var set = await SetStaffPassword.Handle(
                parse.GetValue(email)!,
                new SetStaffPasswordRequest(parse.GetValue(password), !parse.GetValue(keep)),
                services.GetRequiredService<UserManager<RolloutUser>>(),
                services.GetRequiredService<RolloutDb>(),
                services.GetRequiredService<SessionCheck>(),
                services.GetRequiredService<TimeProvider>(),
                ct);
            if (!set.IsSuccess)
            {
                return CliHost.Fail(set.Error);
            }

            Console.WriteLine($"{set.Value.Email} has a new password{(set.Value.MustChangePassword ? ", to be changed at the next sign-in" : "")}; their sessions ended.");
            return 0;
        }, ct));
        return command;
    }

    private static Command ResetSecondFactor()
    {
        var email = Email();
        var command = new Command("reset-second-factor", "Turns a staff member's second factor off (a lost phone); their sessions end, and they enrol again if their role requires it.") { email };
        command.SetAction((parse, ct) => CliHost.Run(parse, async (services, ct) =>
        {
            var reset = await ResetStaffSecondFactor.Handle(
                parse.GetValue(email)!,
                services.GetRequiredService<UserManager<RolloutUser>>(),
                services.GetRequiredService<RolloutDb>(),
                services.GetRequiredService<SessionCheck>(),
                services.GetRequiredService<TimeProvider>(),
                ct);
            if (!reset.IsSuccess)
            {
                return CliHost.Fail(reset.Error);
            }

            Console.WriteLine($"{reset.Value.Email}'s second factor is off; their sessions ended.");
            return 0;
        }, ct));
        return command;
    }

    private static Task<int> Change(ParseResult parse, string email, ChangeStaffRequest request, CancellationToken ct) => CliHost.Run(parse, async (services, ct) =>
    {
        var changed = await ChangeStaff.Handle(
            email,
            request,
            services.GetRequiredService<UserManager<RolloutUser>>(),
            services.GetRequiredService<RoleManager<IdentityRole>>(),
            services.GetRequiredService<RolloutDb>(),
            services.GetRequiredService<SessionCheck>(),
            services.GetRequiredService<TimeProvider>(),
            ct);
        if (!changed.IsSuccess)
        {
            return CliHost.Fail(changed.Error);
        }

        Console.WriteLine($"{changed.Value.Email}: {string.Join(", ", changed.Value.Roles)}, {State(changed.Value)}; their sessions ended.");
        return 0;
    }, ct);

    private static Option<string[]> RoleOption() =>
        new("--role") { Description = $"A role ({string.Join(", ", StaffRoles.All)}); repeat for several.", Required = true, AllowMultipleArgumentsPerToken = true };

    private static string State(StaffMember member) =>
        string.Join(",", new[] { member.Disabled ? "disabled" : "enabled", member.MustChangePassword ? "must-change-password" : null, member.LockedOut ? "locked-out" : null, member.SecondFactor ? "second-factor" : null }.Where(s => s is not null));
}
