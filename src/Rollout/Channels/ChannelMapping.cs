using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rollout.Storage;

namespace Rollout.Channels;

internal sealed class ChannelMapping : IEntityTypeConfiguration<Channel>
{
    public void Configure(EntityTypeBuilder<Channel> channel)
    {
        channel.ToTable("channels");
        channel.HasKey(c => c.Code);
        channel.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        channel.Property(c => c.Name).HasMaxLength(120);
        channel.Property(c => c.Organisation).HasMaxLength(120);
        channel.PrimitiveCollection(c => c.Markets).ElementType(e => e.HasConversion<CountryCodeConverter>());
        channel.OwnsOne(c => c.Address, address =>
        {
            address.Property(a => a.Street).HasMaxLength(200);
            address.Property(a => a.PostalCode).HasMaxLength(20);
            address.Property(a => a.City).HasMaxLength(100);
        });
        channel.OwnsMany(c => c.OpeningHours, hours =>
        {
            hours.ToJson();
            hours.Property(h => h.Day).HasConversion<string>();
        });
    }
}
