using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rollout.Partners;

internal sealed class PartnerMapping : IEntityTypeConfiguration<Partner>
{
    public void Configure(EntityTypeBuilder<Partner> partner)
    {
        partner.ToTable("partners");
        partner.HasKey(p => p.Code);
        partner.Property(p => p.LegalName).HasMaxLength(160);
        partner.Property(p => p.VatNumber).HasMaxLength(16);
        partner.Property(p => p.BillingEmail).HasMaxLength(256);
        partner.Property(p => p.Address).HasMaxLength(300);
        partner.HasOne<Channels.Channel>().WithMany().HasForeignKey(p => p.Code).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PartnerKeyMapping : IEntityTypeConfiguration<PartnerKey>
{
    public void Configure(EntityTypeBuilder<PartnerKey> key)
    {
        key.ToTable("partner_keys");
        key.HasKey(k => k.Id);
        key.Property(k => k.Id).HasMaxLength(20);
        key.Property(k => k.Name).HasMaxLength(80);
        key.Property(k => k.SecretHash).HasMaxLength(32);
        key.Property(k => k.CreatedBy).HasMaxLength(256);
        key.Property(k => k.RevokedBy).HasMaxLength(256);
        key.HasIndex(k => k.Partner);
        key.HasOne<Partner>().WithMany().HasForeignKey(k => k.Partner).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PartnerOrderMapping : IEntityTypeConfiguration<PartnerOrder>
{
    public void Configure(EntityTypeBuilder<PartnerOrder> order)
    {
        order.ToTable("partner_orders");
        order.HasKey(o => o.Id);
        order.HasIndex(o => o.Number).IsUnique();
        order.HasIndex(o => new { o.Partner, o.Reference }).IsUnique();
        order.HasIndex(o => o.InvoiceNumber).IsUnique();
        order.Property(o => o.InvoiceNumber).HasMaxLength(20);
        order.HasIndex(o => new { o.Status, o.PlacedAt });
        order.Property(o => o.Number).HasMaxLength(20);
        order.Property(o => o.Reference).HasMaxLength(40);
        order.Property(o => o.Status).HasConversion<string>().HasMaxLength(10);
        order.Property(o => o.Carrier).HasMaxLength(60);
        order.Property(o => o.TrackingNumber).HasMaxLength(60);
        order.Property(o => o.Version).IsConcurrencyToken();
        order.OwnsMany(o => o.Lines, line => line.ToJson());
        order.OwnsMany(o => o.Steps, step =>
        {
            step.ToJson();
            step.Property(s => s.To).HasConversion<string>();
        });
        order.OwnsOne(o => o.Invoice, invoice =>
        {
            invoice.ToJson();
            invoice.Property(i => i.VatRate).HasPrecision(5, 4);
        });
        order.HasOne<Partner>().WithMany().HasForeignKey(o => o.Partner).OnDelete(DeleteBehavior.Restrict);
    }
}
