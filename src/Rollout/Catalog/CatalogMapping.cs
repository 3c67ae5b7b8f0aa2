using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rollout.Channels;
using Rollout.Markets;

namespace Rollout.Catalog;

internal sealed class ProductMapping : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> product)
    {
        product.ToTable("products");
        product.HasKey(p => p.Code);
        product.Property(p => p.Name).HasMaxLength(120);
        product.Property(p => p.Category).HasConversion<string>().HasMaxLength(20);
        product.Property(p => p.Description).HasMaxLength(2000);
        product.OwnsMany(p => p.Specs, spec =>
        {
            spec.ToJson();
            spec.Property(s => s.Kind).HasConversion<string>();
            spec.Ignore(s => s.Value);
        });
    }
}

internal sealed class VariantMapping : IEntityTypeConfiguration<Variant>
{
    public void Configure(EntityTypeBuilder<Variant> variant)
    {
        variant.ToTable("variants");
        variant.HasKey(v => v.Sku);
        variant.HasOne<Product>().WithMany().HasForeignKey(v => v.ProductCode).OnDelete(DeleteBehavior.Restrict);
        variant.Property(v => v.Colour).HasMaxLength(60);
        variant.Property(v => v.Version).IsConcurrencyToken();
        variant.HasIndex(v => v.Gtin).IsUnique();
        variant.OwnsMany(v => v.Certifications, certification =>
        {
            certification.ToJson();
            certification.Property(c => c.Reference).HasMaxLength(80);
        });
    }
}

internal sealed class ListingMapping : IEntityTypeConfiguration<Listing>
{
    public void Configure(EntityTypeBuilder<Listing> listing)
    {
        listing.ToTable("listings");
        listing.HasKey(l => l.Id);
        listing.HasIndex(l => new { l.Sku, l.Market, l.Channel }).IsUnique();
        listing.HasIndex(l => new { l.Market, l.Channel, l.OpensAt });
        listing.Property(l => l.Version).IsConcurrencyToken();
        listing.HasOne<Variant>().WithMany().HasForeignKey(l => l.Sku).OnDelete(DeleteBehavior.Restrict);
        listing.HasOne<Market>().WithMany().HasForeignKey(l => l.Market).OnDelete(DeleteBehavior.Restrict);
        listing.HasOne<Channel>().WithMany().HasForeignKey(l => l.Channel).OnDelete(DeleteBehavior.Restrict);
    }
}
