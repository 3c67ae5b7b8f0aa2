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
        sale.ToTable("flash_sales");
        sale.HasKey(s => s.Code);
        sale.HasIndex(s => s.Launch);
        sale.HasIndex(s => new { s.Sku, s.Location, s.Channel });
    }
}
