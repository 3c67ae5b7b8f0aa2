using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rollout.Orders;

internal sealed class OrderMapping : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> order)
    {
        order.ToTable("orders");
        order.HasKey(o => o.Id);
        order.HasIndex(o => o.Number).IsUnique();
        order.HasIndex(o => new { o.Market, o.PlacedAt });
        order.Property(o => o.Number).HasMaxLength(20);
        order.Property(o => o.Email).HasMaxLength(256);
        order.Property(o => o.Status).HasConversion<string>().HasMaxLength(12);
        order.OwnsMany(o => o.Lines, line =>
        {
            line.ToJson();
            line.Property(l => l.VatRate).HasPrecision(5, 4);
        });
        order.OwnsMany(o => o.Transitions, transition =>
        {
            transition.ToJson();
            transition.Property(t => t.From).HasConversion<string>();
            transition.Property(t => t.To).HasConversion<string>();
        });
        order.Property(o => o.Carrier).HasMaxLength(60);
        order.Property(o => o.TrackingNumber).HasMaxLength(60);
        order.Property(o => o.Version).IsConcurrencyToken();
    }
}

internal sealed class CartMapping : IEntityTypeConfiguration<Cart>
{
    public void Configure(EntityTypeBuilder<Cart> cart)
    {
        cart.ToTable("carts");
        cart.HasKey(c => c.Id);
        cart.Ignore(c => c.Holder);
        cart.OwnsMany(c => c.Lines, line => line.ToJson());
    }
}

internal sealed class IdempotentRequestMapping : IEntityTypeConfiguration<IdempotentRequest>
{
    public void Configure(EntityTypeBuilder<IdempotentRequest> request)
    {
        request.ToTable("idempotent_requests");
        request.HasKey(r => r.Key);
        request.Property(r => r.Key).HasMaxLength(200);
        request.Property(r => r.RequestHash).HasMaxLength(64);
    }
}
