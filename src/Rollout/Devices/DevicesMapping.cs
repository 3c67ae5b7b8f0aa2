using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rollout.Catalog;

namespace Rollout.Devices;

internal sealed class DeviceMapping : IEntityTypeConfiguration<Device>
{
    public void Configure(EntityTypeBuilder<Device> device)
    {
        device.ToTable("devices", t => t.HasCheckConstraint("CK_devices_identified", "\"Imei\" IS NOT NULL OR \"Serial\" IS NOT NULL"));
        device.HasKey(d => d.Id);
        device.Property(d => d.Imei).HasMaxLength(15);
        device.Property(d => d.Imei2).HasMaxLength(15);
        device.Property(d => d.Serial).HasMaxLength(30);
        device.HasIndex(d => d.Serial).IsUnique();
        device.Property(d => d.Source).HasConversion<string>().HasMaxLength(16);
        device.Property(d => d.OwnerId).HasMaxLength(450);
        device.HasIndex(d => d.ShippedBy);
        device.HasIndex(d => d.OwnerId);
        device.HasIndex(d => new { d.Channel, d.Market });
        device.HasOne<Variant>().WithMany().HasForeignKey(d => d.Sku).OnDelete(DeleteBehavior.Restrict);
        device.HasOne<Markets.Market>().WithMany().HasForeignKey(d => d.Market).OnDelete(DeleteBehavior.Restrict);
        device.Ignore(d => d.Identity);
    }
}

internal sealed class DeviceImeiMapping : IEntityTypeConfiguration<DeviceImei>
{
    public void Configure(EntityTypeBuilder<DeviceImei> imei)
    {
        imei.ToTable("device_imeis");
        imei.HasKey(i => i.Imei);
        imei.Property(i => i.Imei).HasMaxLength(15);
        imei.HasIndex(i => i.DeviceId);
        imei.HasOne<Device>().WithMany().HasForeignKey(i => i.DeviceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WarrantyExtensionMapping : IEntityTypeConfiguration<WarrantyExtension>
{
    public void Configure(EntityTypeBuilder<WarrantyExtension> extension)
    {
        extension.ToTable("warranty_extensions", t => t.HasCheckConstraint("CK_warranty_extensions_months", "\"Months\" BETWEEN 0 AND 60"));
        extension.HasKey(e => e.Product);
        extension.Property(e => e.ChangedBy).HasMaxLength(256);
        extension.HasOne<Product>().WithMany().HasForeignKey(e => e.Product).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AttachmentMapping : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> file)
    {
        file.ToTable("attachments");
        file.HasKey(f => f.Id);
        file.Property(f => f.Name).HasMaxLength(120);
        file.Property(f => f.ContentType).HasMaxLength(40);
        file.Property(f => f.UploadedBy).HasMaxLength(450);
    }
}

internal sealed class DeviceRegistrationMapping : IEntityTypeConfiguration<DeviceRegistration>
{
    public void Configure(EntityTypeBuilder<DeviceRegistration> registration)
    {
        registration.ToTable("device_registrations");
        registration.HasKey(r => r.Id);
        registration.Property(r => r.CustomerId).HasMaxLength(450);
        registration.Property(r => r.Status).HasConversion<string>().HasMaxLength(10);
        registration.Property(r => r.DecidedBy).HasMaxLength(256);
        registration.Property(r => r.Note).HasMaxLength(400);
        registration.HasIndex(r => new { r.Status, r.At });
        registration.HasIndex(r => r.CustomerId);
        registration.HasOne<Device>().WithMany().HasForeignKey(r => r.DeviceId).OnDelete(DeleteBehavior.Restrict);
        registration.HasOne<Attachment>().WithMany().HasForeignKey(r => r.Proof).OnDelete(DeleteBehavior.Restrict);
    }
}
