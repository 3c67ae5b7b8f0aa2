using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rollout.Markets;

internal sealed class MarketMapping : IEntityTypeConfiguration<Market>
{
    public void Configure(EntityTypeBuilder<Market> market)
    {
        market.ToTable("markets");
        market.HasKey(m => m.Code);
        market.Property(m => m.Name).HasMaxLength(100);
        market.Property(m => m.TimeZone).HasMaxLength(64);
        market.PrimitiveCollection(m => m.Locales);
        market.Ignore(m => m.Zone);
        market.Ignore(m => m.Language);
        market.Ignore(m => m.Culture);
    }
}
