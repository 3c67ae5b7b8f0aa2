using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Rollout.Cli;

namespace Rollout.Identity;

public static class StaffCommands
{
    public static Command Create()
    {
        var email = new Option<string>("--email") { Description = "The staff member's e-mail (their sign-in name).", Required = true };
        var password = new Option<string>("--password") { Description = "At least 10 characters with upper and lower case, a digit and a symbol.", Required = true };
        var role = new Option<string[]>("--role") { Description = $"A role to grant ({string.Join(", ", StaffRoles.All)}); repeat for several.", Required = true, AllowMultipleArgumentsPerToken = true };
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

        var staff = new Command("staff", "Staff accounts.");
        staff.Subcommands.Add(add);
        return staff;
    }
}
