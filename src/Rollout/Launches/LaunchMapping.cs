using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rollout.Launches;

internal sealed class LaunchEventMapping : IEntityTypeConfiguration<LaunchEvent>
{
    public void Configure(EntityTypeBuilder<LaunchEvent> launch)
    {
        launch.ToTable("launch_events");
        launch.HasKey(l => l.Code);
        launch.HasIndex(l => new { l.Market, l.StartsAt });
        launch.Property(l => l.Venue).HasMaxLength(120);
        launch.Property(l => l.Description).HasMaxLength(2000);
    }
}

internal sealed class FlashSaleMapping : IEntityTypeConfiguration<FlashSale>
{
    public void Configure(EntityTypeBuilder<FlashSale> sale)
    {
        sale.ToTable("flash_sales", t => t.HasCheckConstraint("CK_flash_sales_escrow", "\"Leased\" >= 0 AND \"Leased\" <= \"Units\""));
        sale.HasKey(s => s.Code);
        sale.HasIndex(s => s.Launch);
        sale.HasIndex(s => new { s.Sku, s.Location, s.Channel });
    }
}

internal sealed class SaleClaimMapping : IEntityTypeConfiguration<SaleClaim>
{
    public void Configure(EntityTypeBuilder<SaleClaim> claim)
    {
        claim.ToTable("sale_claims");
        claim.HasKey(c => c.Id);
        // A key wins once per customer, in the database too: see RolloutDb.OnModelCreating (the index differs by database).
        claim.HasIndex(c => new { c.Sale, c.Status });
        claim.Property(c => c.CustomerId).HasMaxLength(64);
        claim.Property(c => c.Key).HasMaxLength(100);
        claim.Property(c => c.Status).HasConversion<string>().HasMaxLength(10);
    }
}

internal sealed class SaleRegistrationMapping : IEntityTypeConfiguration<SaleRegistration>
{
    public void Configure(EntityTypeBuilder<SaleRegistration> registration)
    {
        registration.ToTable("sale_registrations");
        registration.HasKey(r => new { r.Sale, r.CustomerId });
        registration.Property(r => r.CustomerId).HasMaxLength(64);
    }
}

internal sealed class SaleEntryMapping : IEntityTypeConfiguration<SaleEntry>
{
    public void Configure(EntityTypeBuilder<SaleEntry> entry)
    {
        entry.ToTable("sale_entries");
        entry.HasKey(e => new { e.Sale, e.CustomerId });
        entry.Property(e => e.CustomerId).HasMaxLength(64);
    }
}

internal sealed class SaleLeaseMapping : IEntityTypeConfiguration<SaleLease>
{
    public void Configure(EntityTypeBuilder<SaleLease> lease)
    {
        lease.ToTable("sale_leases", t => t.HasCheckConstraint("CK_sale_leases_used", "\"Used\" >= 0 AND \"Used\" <= \"Units\""));
        lease.HasKey(l => new { l.Sale, l.Epoch });
        lease.HasIndex(l => l.ExpiresAt);
        lease.Property(l => l.Server).HasMaxLength(64);
    }
}
