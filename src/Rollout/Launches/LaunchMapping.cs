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
