using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rollout.Identity;

internal sealed class CustomerAddressMapping : IEntityTypeConfiguration<CustomerAddress>
{
    public void Configure(EntityTypeBuilder<CustomerAddress> address)
    {
        address.ToTable("customer_addresses");
        address.HasKey(a => a.Id);
        address.HasIndex(a => a.CustomerId);
        address.HasOne<RolloutUser>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
        address.Property(a => a.Label).HasMaxLength(40);
        address.Property(a => a.Name).HasMaxLength(100);
        address.Property(a => a.Line1).HasMaxLength(100);
        address.Property(a => a.Line2).HasMaxLength(100);
        address.Property(a => a.PostalCode).HasMaxLength(12);
        address.Property(a => a.City).HasMaxLength(60);
    }
}
