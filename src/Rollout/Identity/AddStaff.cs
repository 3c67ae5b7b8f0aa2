using System.Net.Mail;
using Microsoft.AspNetCore.Identity;

namespace Rollout.Identity;

public sealed record AddStaffRequest(string? Email, string? Password, string[]? Roles);

public sealed record StaffResponse(string Email, IReadOnlyList<string> Roles);

/// <summary>Creates a staff account with its roles, refusing unknown roles and weak passwords.</summary>
public static class AddStaff
{
    public static async Task<Result<StaffResponse>> Handle(AddStaffRequest request, UserManager<RolloutUser> users, RoleManager<IdentityRole> roles)
    {
        var validator = new Validator();
        validator.Require(MailAddress.TryCreate(request.Email, out var mail) && mail.Address == request.Email, "email", $"'{request.Email}' is not an e-mail address (name@example.com).");
        var wanted = request.Roles ?? [];
        validator.Require(wanted.Length > 0, "roles", $"Give at least one role ({string.Join(", ", StaffRoles.All)}).");
        foreach (var role in wanted.Where(r => !StaffRoles.All.Contains(r)))
        {
            validator.Add("roles", $"'{role}' is not a role; the roles are {string.Join(", ", StaffRoles.All)}.");
        }

        foreach (var rule in users.PasswordValidators)
        {
            var checkedPassword = await rule.ValidateAsync(users, new RolloutUser(), request.Password ?? "");
            foreach (var broken in checkedPassword.Errors)
            {
                validator.Add("password", broken.Description);
            }
        }

        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        if (await users.FindByEmailAsync(request.Email!) is not null)
        {
            return Error.Conflict("staff.exists", $"A staff member with e-mail {request.Email} already exists.");
        }

        foreach (var role in wanted.Where(r => !roles.Roles.Any(existing => existing.Name == r)))
        {
            await roles.CreateAsync(new IdentityRole(role));
        }

        var user = new RolloutUser { UserName = request.Email, Email = request.Email, EmailConfirmed = true };
        var created = await users.CreateAsync(user, request.Password ?? "");
        if (!created.Succeeded)
        {
            var fields = new Dictionary<string, string[]> { ["password"] = [.. created.Errors.Select(e => e.Description)] };
            return Error.Invalid("staff.password", string.Join(" ", created.Errors.Select(e => e.Description)), fields);
        }

        await users.AddToRolesAsync(user, wanted.Distinct());
        return new StaffResponse(user.Email!, [.. wanted.Distinct()]);
    }
}
