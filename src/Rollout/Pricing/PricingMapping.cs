using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rollout.Catalog;
using Rollout.Channels;
using Rollout.Markets;

namespace Rollout.Pricing;

internal sealed class PriceMapping : IEntityTypeConfiguration<Price>
{
    public void Configure(EntityTypeBuilder<Price> price)
    {
        price.ToTable("prices");
        price.HasKey(p => p.Id);
        price.HasIndex(p => new { p.Sku, p.Market, p.Channel, p.From }).IsUnique().HasFilter("\"Until\" IS NULL").HasDatabaseName("IX_prices_one_regular_price_per_start");
        price.Property(p => p.Basis).HasConversion<string>().HasMaxLength(8);
        price.Ignore(p => p.Amount);
        price.Ignore(p => p.IsTemporary);
        price.HasOne<Variant>().WithMany().HasForeignKey(p => p.Sku).OnDelete(DeleteBehavior.Restrict);
        price.HasOne<Market>().WithMany().HasForeignKey(p => p.Market).OnDelete(DeleteBehavior.Restrict);
        price.HasOne<Channel>().WithMany().HasForeignKey(p => p.Channel).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PriceChangeMapping : IEntityTypeConfiguration<PriceChange>
{
    public void Configure(EntityTypeBuilder<PriceChange> change)
    {
        change.ToTable("price_changes");
        change.HasKey(c => c.Id);
        change.HasIndex(c => new { c.Sku, c.Market, c.Channel, c.ChangedAt });
        change.Property(c => c.ChangedBy).HasMaxLength(256);
    }
}

internal sealed class LandedCostMapping : IEntityTypeConfiguration<LandedCost>
{
    public void Configure(EntityTypeBuilder<LandedCost> cost)
    {
        cost.ToTable("landed_costs");
        cost.HasKey(c => c.Id);
        cost.HasIndex(c => new { c.Sku, c.Market }).IsUnique();
        cost.Property(c => c.ChangedBy).HasMaxLength(256);
        cost.OwnsMany(c => c.Lines, line =>
        {
            line.ToJson();
            line.Property(l => l.Kind).HasConversion<string>();
            line.Ignore(l => l.Amount);
        });
        cost.HasOne<Variant>().WithMany().HasForeignKey(c => c.Sku).OnDelete(DeleteBehavior.Restrict);
        cost.HasOne<Market>().WithMany().HasForeignKey(c => c.Market).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ExchangeRateMapping : IEntityTypeConfiguration<ExchangeRate>
{
    public void Configure(EntityTypeBuilder<ExchangeRate> rate)
    {
        rate.ToTable("exchange_rates");
        rate.HasKey(r => r.Id);
        rate.HasIndex(r => new { r.From, r.To, r.Date }).IsUnique();
        rate.Property(r => r.Rate).HasPrecision(18, 8);
        rate.Property(r => r.Source).HasMaxLength(200);
    }
}

internal sealed class PriceEndingMapping : IEntityTypeConfiguration<PriceEnding>
{
    public void Configure(EntityTypeBuilder<PriceEnding> ending)
    {
        ending.ToTable("price_endings");
        ending.HasKey(e => e.Market);
        ending.Property(e => e.Ending).HasPrecision(12, 4);
        ending.HasOne<Market>().WithMany().HasForeignKey(e => e.Market).OnDelete(DeleteBehavior.Restrict);
    }
}
