using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rollout.Identity;

internal sealed class CustomerAddressMapping : IEntityTypeConfiguration<CustomerAddress>
{
    public void Configure(EntityTypeBuilder<CustomerAddress> address)
    {
        address.ToTable("customer_addresses");
        address.HasKey(a => a.Id);
        address.HasIndex(a => a.CustomerId);
        address.HasOne<RolloutUser>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
        address.Property(a => a.Label).HasMaxLength(40);
        address.Property(a => a.Name).HasMaxLength(100);
        address.Property(a => a.Line1).HasMaxLength(100);
        address.Property(a => a.Line2).HasMaxLength(100);
        address.Property(a => a.PostalCode).HasMaxLength(12);
        address.Property(a => a.City).HasMaxLength(60);
    }
}

internal sealed class SessionMapping : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> session)
    {
        session.ToTable("sessions");
        session.HasKey(s => s.Id);
        session.Property(s => s.Id).HasMaxLength(32);
        session.Property(s => s.Door).HasConversion<string>().HasMaxLength(16);
        session.Property(s => s.EndReason).HasMaxLength(40);
        session.Property(s => s.Stamp).HasMaxLength(64);
        session.HasIndex(s => s.UserId);
        session.HasOne<RolloutUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RefreshTokenMapping : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> token)
    {
        token.ToTable("refresh_tokens");
        token.HasKey(t => t.Hash);
        token.Property(t => t.Hash).HasMaxLength(64);
        token.HasIndex(t => t.SessionId);
        token.HasOne<Session>().WithMany().HasForeignKey(t => t.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StaffApiKeyMapping : IEntityTypeConfiguration<StaffApiKey>
{
    public void Configure(EntityTypeBuilder<StaffApiKey> key)
    {
        key.ToTable("staff_api_keys");
        key.HasKey(k => k.Id);
        key.Property(k => k.Id).HasMaxLength(16);
        key.Property(k => k.Name).HasMaxLength(80);
        key.Property(k => k.Roles).HasMaxLength(300);
        key.Property(k => k.SecretHash).HasMaxLength(64);
        key.Property(k => k.IssuedBy).HasMaxLength(256);
        key.Ignore(k => k.RoleList);
        key.HasIndex(k => k.UserId);
        key.HasOne<RolloutUser>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
