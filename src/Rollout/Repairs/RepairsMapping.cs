using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rollout.Devices;

namespace Rollout.Repairs;

internal sealed class ServiceCentreMapping : IEntityTypeConfiguration<ServiceCentre>
{
    public void Configure(EntityTypeBuilder<ServiceCentre> centre)
    {
        centre.ToTable("service_centres");
        centre.HasKey(c => c.Code);
        centre.Property(c => c.Name).HasMaxLength(120);
        centre.Property(c => c.Address).HasMaxLength(300);
        centre.Property(c => c.Email).HasMaxLength(256);
        centre.HasIndex(c => c.Market);
        centre.HasOne<Markets.Market>().WithMany().HasForeignKey(c => c.Market).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RepairTargetMapping : IEntityTypeConfiguration<RepairTarget>
{
    public void Configure(EntityTypeBuilder<RepairTarget> target)
    {
        target.ToTable("repair_targets", t => t.HasCheckConstraint("CK_repair_targets_positive", "\"RespondWithinHours\" > 0 AND \"ResolveWithinDays\" > 0"));
        target.HasKey(t => t.Market);
        target.HasOne<Markets.Market>().WithMany().HasForeignKey(t => t.Market).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RepairTicketMapping : IEntityTypeConfiguration<RepairTicket>
{
    public void Configure(EntityTypeBuilder<RepairTicket> ticket)
    {
        ticket.ToTable("repair_tickets");
        ticket.HasKey(t => t.Id);
        ticket.HasIndex(t => t.Number).IsUnique();
        ticket.Property(t => t.Number).HasMaxLength(20);
        ticket.Property(t => t.DeviceIdentity).HasMaxLength(30);
        ticket.Property(t => t.Status).HasConversion<string>().HasMaxLength(10);
        ticket.Property(t => t.OpenedBy).HasConversion<string>().HasMaxLength(10);
        ticket.Property(t => t.Opener).HasMaxLength(450);
        ticket.Property(t => t.CustomerId).HasMaxLength(450);
        ticket.Property(t => t.Via).HasMaxLength(10);
        ticket.Property(t => t.Problem).HasMaxLength(2000);
        ticket.Property(t => t.WarrantyRule).HasMaxLength(600);
        ticket.Property(t => t.Version).IsConcurrencyToken();
        ticket.PrimitiveCollection(t => t.Files);
        ticket.OwnsMany(t => t.Steps, step =>
        {
            step.ToJson();
            step.Property(s => s.From).HasConversion<string>();
            step.Property(s => s.To).HasConversion<string>();
        });
        ticket.HasIndex(t => new { t.Centre, t.Status });
        // One unfinished ticket a device, whoever opens it and however many open it at once.
        ticket.HasIndex(t => t.DeviceId).IsUnique().HasFilter("\"Status\" NOT IN ('Returned', 'Closed')").HasDatabaseName("IX_repair_tickets_one_open_per_device");
        ticket.HasIndex(t => t.CustomerId);
        ticket.HasIndex(t => t.Partner);
        ticket.Ignore(t => t.IsOpen);
        ticket.HasOne<Device>().WithMany().HasForeignKey(t => t.DeviceId).OnDelete(DeleteBehavior.Restrict);
        ticket.HasOne<ServiceCentre>().WithMany().HasForeignKey(t => t.Centre).OnDelete(DeleteBehavior.Restrict);
    }
}
