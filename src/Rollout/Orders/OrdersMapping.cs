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
        order.Ignore(o => o.Total);
        order.HasIndex(o => o.PaymentReference).IsUnique();
        order.HasIndex(o => new { o.CustomerId, o.PlacedAt });
        order.Property(o => o.CustomerId).HasMaxLength(450);
        order.Property(o => o.ShippingName).HasMaxLength(80);
        order.Property(o => o.Payment).HasMaxLength(40);
        order.Property(o => o.PaymentReference).HasMaxLength(60);
        order.Property(o => o.PaymentInstructions).HasMaxLength(400);
        order.Property(o => o.PaymentConfirmedBy).HasConversion<string>().HasMaxLength(20);
        order.OwnsOne(o => o.Address, address => address.ToJson());
        order.OwnsMany(o => o.Refunds, refund => refund.ToJson());
    }
}

internal sealed class CartMapping : IEntityTypeConfiguration<Cart>
{
    public void Configure(EntityTypeBuilder<Cart> cart)
    {
        cart.ToTable("carts");
        cart.HasKey(c => c.Id);
        cart.Ignore(c => c.Holder);
        // Complex types, not owned entities: a cart kept in memory is written back detached (docs/decisions/0008).
        cart.ComplexCollection(c => c.Lines, line => line.ToJson());
        cart.ComplexProperty(c => c.Address, address => address.ToJson());
        cart.Property(c => c.CustomerId).HasMaxLength(450);
        cart.Property(c => c.Email).HasMaxLength(256);
        cart.HasIndex(c => c.CustomerId);
    }
}

internal sealed class IdempotentRequestMapping : IEntityTypeConfiguration<IdempotentRequest>
{
    public void Configure(EntityTypeBuilder<IdempotentRequest> request)
    {
        request.ToTable("idempotent_requests");
        request.HasKey(r => r.Key);
        request.Property(r => r.Key).HasMaxLength(400); // the write, its caller and the client's key
        request.Property(r => r.RequestHash).HasMaxLength(64);
        request.HasIndex(r => r.CreatedAt);
        request.Property(r => r.Owner).HasMaxLength(32);
    }
}

internal sealed class ShippingMethodMapping : IEntityTypeConfiguration<ShippingMethod>
{
    public void Configure(EntityTypeBuilder<ShippingMethod> method)
    {
        method.ToTable("shipping_methods");
        method.HasKey(m => new { m.Market, m.Code });
        method.Property(m => m.Name).HasMaxLength(80);
        method.Property(m => m.Kind).HasConversion<string>().HasMaxLength(10);
    }
}

internal sealed class PaymentEventMapping : IEntityTypeConfiguration<PaymentEvent>
{
    public void Configure(EntityTypeBuilder<PaymentEvent> paymentEvent)
    {
        paymentEvent.ToTable("payment_events");
        paymentEvent.HasKey(e => new { e.Provider, e.EventId });
        paymentEvent.Property(e => e.Provider).HasMaxLength(40);
        paymentEvent.Property(e => e.EventId).HasMaxLength(100);
        paymentEvent.Property(e => e.Type).HasMaxLength(40);
        paymentEvent.Property(e => e.Reference).HasMaxLength(60);
        paymentEvent.Property(e => e.Outcome).HasMaxLength(20);
    }
}
