using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rollout.Storage;

namespace Rollout.Identity;

/// <summary>An address a customer keeps for checkout. A customer belongs to no market; the address says its country.</summary>
public sealed class CustomerAddress
{
    private CustomerAddress()
    {
    }

    public Guid Id { get; private set; }

    public string CustomerId { get; private set; } = "";

    public string Label { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string Line1 { get; private set; } = "";

    public string? Line2 { get; private set; }

    public string PostalCode { get; private set; } = "";

    public string City { get; private set; } = "";

    public CountryCode Country { get; private set; }

    public static CustomerAddress Create(string customerId, AddressBookEntry entry, CountryCode country) => new()
    {
        Id = Guid.NewGuid(),
        CustomerId = customerId,
        Label = entry.Label?.Trim() ?? "",
        Name = entry.Name!.Trim(),
        Line1 = entry.Line1!.Trim(),
        Line2 = string.IsNullOrWhiteSpace(entry.Line2) ? null : entry.Line2.Trim(),
        PostalCode = entry.PostalCode!.Trim(),
        City = entry.City!.Trim(),
        Country = country,
    };
}

/// <summary>A new customer account; <c>market</c> is the storefront whose page the e-mail confirmation link opens (its language too).</summary>
public sealed record RegisterCustomerRequest(string? Email, string? Password, string? Name, string? Market = null);

public sealed record AddressBookEntry(string? Label, string? Name, string? Line1, string? Line2, string? PostalCode, string? City, string? Country);

public sealed record CustomerAddressResponse(Guid Id, string Label, string Name, string Line1, string? Line2, string PostalCode, string City, string Country);

/// <summary>A customer's account; <c>emailConfirmed</c> once they followed the link sent to their address.</summary>
public sealed record CustomerResponse(string Id, string Email, string? Name, IReadOnlyList<CustomerAddressResponse> Addresses, bool EmailConfirmed);

/// <summary>Customer accounts: register (the customer role, no staff role), read one's own account, keep addresses.</summary>
public static class Customers
{
    public static async Task<Result<CustomerResponse>> Register(RegisterCustomerRequest request, UserManager<RolloutUser> users, RoleManager<IdentityRole> roles, RolloutDb db, CancellationToken ct)
    {
        var validator = new Validator();
        validator.Require(MailAddress.TryCreate(request.Email, out var mail) && mail.Address == request.Email, "email", $"'{request.Email}' is not an e-mail address (name@example.com).");
        validator.MaxLength("name", request.Name, 100);
        foreach (var rule in users.PasswordValidators)
        {
            foreach (var broken in (await rule.ValidateAsync(users, new RolloutUser(), request.Password ?? "")).Errors)
            {
                validator.Add("password", broken.Description);
            }
        }

        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        if (await users.FindByEmailAsync(request.Email!) is { } existing)
        {
            if (await SignInAtDoor.IsAt(Door.Customer, existing, users))
            {
                return Error.Conflict("customer.exists", $"An account with e-mail {request.Email} already exists; sign in instead.");
            }

            // A staff e-mail: answer as a fresh registration does (after as much work), so registering never tells
            // which e-mails belong to staff. Nothing is stored, and the staff account is not touched (decision 13).
            users.PasswordHasher.HashPassword(new RolloutUser(), request.Password!);
            return new CustomerResponse(Guid.NewGuid().ToString(), request.Email!, string.IsNullOrWhiteSpace(request.Name) ? null : request.Name.Trim(), [], false);
        }

        if (!await roles.RoleExistsAsync(RolloutUser.CustomerRole))
        {
            await roles.CreateAsync(new IdentityRole(RolloutUser.CustomerRole));
        }

        var user = new RolloutUser { UserName = request.Email, Email = request.Email, DisplayName = string.IsNullOrWhiteSpace(request.Name) ? null : request.Name.Trim() };
        var created = await users.CreateAsync(user, request.Password!);
        if (!created.Succeeded)
        {
            return created.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateEmail) || e.Code == nameof(IdentityErrorDescriber.DuplicateUserName))
                ? Error.Conflict("customer.exists", $"An account with e-mail {request.Email} already exists; sign in instead.")
                : Error.Invalid("customer.invalid", string.Join(" ", created.Errors.Select(e => e.Description)), new Dictionary<string, string[]> { ["password"] = [.. created.Errors.Select(e => e.Description)] });
        }

        await users.AddToRoleAsync(user, RolloutUser.CustomerRole);
        return await Me(user.Id, db, ct);
    }

    public static async Task<Result<CustomerResponse>> Me(string customerId, RolloutDb db, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == customerId, ct);
        if (user is null)
        {
            return Error.NotFound("customer.not_found", "This account no longer exists.");
        }

        var addresses = await db.CustomerAddresses.AsNoTracking().Where(a => a.CustomerId == customerId).ToListAsync(ct);
        return new CustomerResponse(user.Id, user.Email!, user.DisplayName, [.. addresses.OrderBy(a => a.Label, StringComparer.Ordinal).Select(ToResponse)], user.EmailConfirmed);
    }

    public static async Task<Result<CustomerAddressResponse>> AddAddress(string customerId, AddressBookEntry entry, RolloutDb db, CancellationToken ct)
    {
        var validator = new Validator();
        void Part(string name, string? value, int max, bool required = true)
        {
            validator.Require(!required || !string.IsNullOrWhiteSpace(value), name, "Required.");
            validator.MaxLength(name, value, max);
        }

        Part("label", entry.Label, 40, required: false);
        Part("name", entry.Name, 100);
        Part("line1", entry.Line1, 100);
        Part("line2", entry.Line2, 100, required: false);
        Part("postalCode", entry.PostalCode, 12);
        Part("city", entry.City, 60);
        var country = validator.Field("country", CountryCode.Parse(entry.Country));
        validator.Require(await db.CustomerAddresses.CountAsync(a => a.CustomerId == customerId, ct) < 20, "addresses", "An account keeps at most 20 addresses; delete one first.");
        if (validator.ToError() is { } invalid)
        {
            return invalid;
        }

        var address = CustomerAddress.Create(customerId, entry, country);
        db.CustomerAddresses.Add(address);
        await db.SaveChangesAsync(ct);
        return ToResponse(address);
    }

    public static async Task<Result<Guid>> DeleteAddress(string customerId, Guid id, RolloutDb db, CancellationToken ct) =>
        await db.CustomerAddresses.Where(a => a.Id == id && a.CustomerId == customerId).ExecuteDeleteAsync(ct) == 1
            ? id
            : Error.NotFound("customer.address_not_found", $"You have no address {id}.");

    private static CustomerAddressResponse ToResponse(CustomerAddress a) => new(a.Id, a.Label, a.Name, a.Line1, a.Line2, a.PostalCode, a.City, a.Country.Value);
}
