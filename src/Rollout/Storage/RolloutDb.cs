using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Rollout.Catalog;
using Rollout.Channels;
using Rollout.Identity;
using Rollout.Inventory;
using Rollout.Mail;
using Rollout.Markets;
using Rollout.Orders;
using Rollout.Pricing;

namespace Rollout.Storage;

/// <summary>
/// The one database of Rollout. Each capability maps its own entities (its <c>*Mapping.cs</c>); this class
/// only gathers them. Two subclasses exist so that each provider keeps its own migrations.
/// </summary>
public abstract class RolloutDb(DbContextOptions options) : IdentityDbContext<RolloutUser>(options), IDataProtectionKeyContext
{
    /// <summary>Whether this context is a group commit's (its writes signal themselves; see <see cref="ReferenceChanges"/>).</summary>
    internal bool InGroupCommit { get; set; }

    public DbSet<Market> Markets => Set<Market>();

    public DbSet<Channel> Channels => Set<Channel>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<Variant> Variants => Set<Variant>();

    public DbSet<Listing> Listings => Set<Listing>();

    public DbSet<Price> Prices => Set<Price>();

    public DbSet<PriceChange> PriceChanges => Set<PriceChange>();

    public DbSet<Audit.AuditEntry> AuditEntries => Set<Audit.AuditEntry>();

    public DbSet<LandedCost> LandedCosts => Set<LandedCost>();

    public DbSet<ExchangeRate> ExchangeRates => Set<ExchangeRate>();

    public DbSet<PriceEnding> PriceEndings => Set<PriceEnding>();

    public DbSet<StockLocation> StockLocations => Set<StockLocation>();

    public DbSet<StockLevel> StockLevels => Set<StockLevel>();

    public DbSet<StockMovement> StockMovements => Set<StockMovement>();

    public DbSet<Allocation> Allocations => Set<Allocation>();

    public DbSet<Reservation> Reservations => Set<Reservation>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<Cart> Carts => Set<Cart>();

    public DbSet<IdempotentRequest> IdempotentRequests => Set<IdempotentRequest>();

    public DbSet<ShippingMethod> ShippingMethods => Set<ShippingMethod>();

    public DbSet<PaymentEvent> PaymentEvents => Set<PaymentEvent>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<CustomerAddress> CustomerAddresses => Set<CustomerAddress>();

    public DbSet<Session> Sessions => Set<Session>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<StaffApiKey> StaffApiKeys => Set<StaffApiKey>();

    public DbSet<Launches.LaunchEvent> LaunchEvents => Set<Launches.LaunchEvent>();

    public DbSet<Launches.FlashSale> FlashSales => Set<Launches.FlashSale>();
    public DbSet<Launches.SaleLease> SaleLeases => Set<Launches.SaleLease>();

    public DbSet<Budgets.Budget> Budgets => Set<Budgets.Budget>();

    public DbSet<Launches.SaleClaim> SaleClaims => Set<Launches.SaleClaim>();

    public DbSet<Launches.SaleRegistration> SaleRegistrations => Set<Launches.SaleRegistration>();

    public DbSet<Launches.SaleEntry> SaleEntries => Set<Launches.SaleEntry>();

    public DbSet<Devices.Device> Devices => Set<Devices.Device>();

    public DbSet<Devices.DeviceImei> DeviceImeis => Set<Devices.DeviceImei>();

    public DbSet<Devices.WarrantyExtension> WarrantyExtensions => Set<Devices.WarrantyExtension>();

    public DbSet<Devices.Attachment> Attachments => Set<Devices.Attachment>();

    public DbSet<Devices.DeviceRegistration> DeviceRegistrations => Set<Devices.DeviceRegistration>();

    public DbSet<Repairs.ServiceCentre> ServiceCentres => Set<Repairs.ServiceCentre>();

    public DbSet<Repairs.RepairTarget> RepairTargets => Set<Repairs.RepairTarget>();

    public DbSet<Repairs.RepairTicket> RepairTickets => Set<Repairs.RepairTicket>();

    public DbSet<Partners.Partner> Partners => Set<Partners.Partner>();

    public DbSet<Partners.PartnerKey> PartnerKeys => Set<Partners.PartnerKey>();

    public DbSet<Partners.PartnerOrder> PartnerOrders => Set<Partners.PartnerOrder>();

    /// <summary>The key ring that protects sign-ins, tokens and cookies, shared by every server of the database (see <see cref="SharedKeyRing"/>).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(RolloutDb).Assembly);
        if (Database.IsSqlite())
        {
            // SQLite has one server, whose places are the sale's: a claim's customer is named by their place in the
            // room (unique per sale, given in the order customers come), not by account id, whose order takes the
            // inserts all over the file (two and a half times the pages written per claim).
            builder.Entity<Launches.SaleClaim>().HasIndex(c => new { c.Sale, c.Position, c.Key }).IsUnique();
        }
        else
        {
            // Several servers may sell one sale, and a customer's claims may reach any of them: the key is unique per account.
            builder.Entity<Launches.SaleClaim>().HasIndex(c => new { c.Sale, c.CustomerId, c.Key }).IsUnique();

            // The shared waiting room (Launches/SharedRoom): customers admitted and still in their turn, and places
            // not admitted yet; each index holds only the rows its statement looks for.
            builder.Entity<Launches.SaleEntry>().HasIndex(e => new { e.Sale, e.AdmittedAt }).HasFilter("\"WonAt\" IS NULL");
            builder.Entity<Launches.SaleEntry>().HasIndex(e => new { e.Sale, e.Position }).HasFilter("\"AdmittedAt\" IS NULL");
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Instant>().HaveConversion<InstantConverter>();
        configurationBuilder.Properties<CountryCode>().HaveConversion<CountryCodeConverter>().HaveMaxLength(2);
        configurationBuilder.Properties<CurrencyCode>().HaveConversion<CurrencyCodeConverter>().HaveMaxLength(3);
        configurationBuilder.Properties<VatRate>().HaveConversion<VatRateConverter>().HavePrecision(5, 4);
        configurationBuilder.Properties<CertificationRegime>().HaveConversion<RegimeConverter>().HaveMaxLength(16);
        configurationBuilder.Properties<Slug>().HaveConversion<SlugConverter>().HaveMaxLength(64);
        configurationBuilder.Properties<Sku>().HaveConversion<SkuConverter>().HaveMaxLength(40);
        configurationBuilder.Properties<Gtin>().HaveConversion<GtinConverter>().HaveMaxLength(14);
        configurationBuilder.Properties<LocalTime>().HaveConversion<LocalTimeConverter>().HaveMaxLength(5);
        configurationBuilder.Properties<LocalDate>().HaveConversion<LocalDateConverter>();
    }
}

public sealed class SqliteRolloutDb(DbContextOptions<SqliteRolloutDb> options) : RolloutDb(options);

public sealed class PostgresRolloutDb(DbContextOptions<PostgresRolloutDb> options) : RolloutDb(options);
