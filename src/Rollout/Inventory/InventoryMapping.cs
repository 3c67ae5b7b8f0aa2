using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rollout.Catalog;
using Rollout.Storage;

namespace Rollout.Inventory;

internal sealed class StockLocationMapping : IEntityTypeConfiguration<StockLocation>
{
    public void Configure(EntityTypeBuilder<StockLocation> location)
    {
        location.ToTable("stock_locations");
        location.HasKey(l => l.Code);
        location.Property(l => l.Name).HasMaxLength(120);
        location.Property(l => l.Kind).HasConversion<string>().HasMaxLength(12);
        location.PrimitiveCollection(l => l.Serves).ElementType(e => e.HasConversion<CountryCodeConverter>());
    }
}

internal sealed class StockLevelMapping : IEntityTypeConfiguration<StockLevel>
{
    public void Configure(EntityTypeBuilder<StockLevel> level)
    {
        level.ToTable("stock_levels", t =>
        {
            // The database refuses a negative level too, whatever code runs against it.
            t.HasCheckConstraint("CK_stock_levels_never_oversold",
                "\"Allocated\" >= 0 AND \"PoolReserved\" >= 0 AND \"PoolSold\" >= 0 AND \"OnHand\" >= \"Allocated\" + \"PoolReserved\" + \"PoolSold\"");
        });
        level.HasKey(l => l.Id);
        level.HasIndex(l => new { l.Sku, l.Location }).IsUnique();
        level.HasOne<Variant>().WithMany().HasForeignKey(l => l.Sku).OnDelete(DeleteBehavior.Restrict);
        level.HasOne<StockLocation>().WithMany().HasForeignKey(l => l.Location).OnDelete(DeleteBehavior.Restrict);
        level.Ignore(l => l.Available);
    }
}

internal sealed class AllocationMapping : IEntityTypeConfiguration<Allocation>
{
    public void Configure(EntityTypeBuilder<Allocation> allocation)
    {
        allocation.ToTable("allocations", t =>
            t.HasCheckConstraint("CK_allocations_never_oversold", "\"Reserved\" >= 0 AND \"Sold\" >= 0 AND \"Quantity\" >= \"Reserved\" + \"Sold\""));
        allocation.HasKey(a => a.Id);
        allocation.HasIndex(a => new { a.Sku, a.Location, a.Channel }).IsUnique();
        allocation.Ignore(a => a.Available);
        allocation.HasOne<StockLocation>().WithMany().HasForeignKey(a => a.Location).OnDelete(DeleteBehavior.Restrict);
        allocation.HasOne<Channels.Channel>().WithMany().HasForeignKey(a => a.Channel).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReservationMapping : IEntityTypeConfiguration<Reservation>
{
    public void Configure(EntityTypeBuilder<Reservation> reservation)
    {
        reservation.ToTable("reservations");
        reservation.HasKey(r => r.Id);
        reservation.Property(r => r.Holder).HasMaxLength(200);
        reservation.Property(r => r.Status).HasConversion<string>().HasMaxLength(10);
        reservation.HasIndex(r => new { r.Status, r.ExpiresAt });
        reservation.HasIndex(r => new { r.Holder, r.Sku, r.Channel });
    }
}

internal sealed class StockMovementMapping : IEntityTypeConfiguration<StockMovement>
{
    public void Configure(EntityTypeBuilder<StockMovement> movement)
    {
        movement.ToTable("stock_movements");
        movement.HasKey(m => m.Id);
        movement.HasIndex(m => new { m.Sku, m.Location, m.At });
        movement.Property(m => m.Kind).HasConversion<string>().HasMaxLength(12);
        movement.Property(m => m.Reason).HasMaxLength(200);
        movement.Property(m => m.By).HasMaxLength(256);
    }
}
