using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;

namespace Rollout.Storage;

/// <summary>
/// The data-protection key ring (what signs and encrypts sign-in cookies, bearer tokens, reset links, enrolment proofs)
/// lives in the database, so a token one server issued is read by every other server of the same database, and a
/// server replaced keeps working with the tokens already out. Every server names itself the same application, so they
/// share one set of purposes whatever folder they run from. The keys are stored as ASP.NET Core writes them
/// (unencrypted XML); whoever can read the database can forge sessions, as with the password hashes beside them.
/// </summary>
public static class SharedKeyRing
{
    /// <summary>The application name every Rollout server protects with; changing it signs everyone out.</summary>
    public const string ApplicationName = "Rollout";

    public static IDataProtectionBuilder AddSharedKeyRing(this IServiceCollection services) =>
        services.AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToDbContext<RolloutDb>();
}

internal sealed class DataProtectionKeyMapping : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> key) => key.ToTable("data_protection_keys");
}
