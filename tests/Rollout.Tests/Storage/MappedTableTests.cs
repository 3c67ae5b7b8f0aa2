using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Rollout.Launches;
using Rollout.Orders;
using Rollout.Storage;

namespace Rollout.Tests.Storage;

/// <summary>
/// The hot tables' statements are built from EF Core's model (docs/decisions/0018-several-servers.md): an
/// insert names every column the model maps, and one that leaves a column out is refused when built instead of writing
/// it as NULL. (That the rows written read back whole through EF Core is shown on both databases by the order, cart and
/// claim tests, and by the crash tests that read them back after a kill.)
/// </summary>
public sealed class MappedTableTests
{
    public static TheoryData<string> Providers => new() { "sqlite", "postgres" };

    private static IModel Model(string provider)
    {
        // No database is reached: the model is built from the mapping alone.
        using RolloutDb db = provider == "sqlite"
            ? new SqliteRolloutDb(new DbContextOptionsBuilder<SqliteRolloutDb>().UseSqlite("Data Source=:memory:").Options)
            : new PostgresRolloutDb(new DbContextOptionsBuilder<PostgresRolloutDb>().UseNpgsql("Host=localhost;Database=none").Options);
        return db.Model;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void An_order_insert_names_every_column_of_the_orders_table(string provider)
    {
        var model = Model(provider);
        var table = StoreObjectIdentifier.Table("orders");
        var entity = model.FindEntityType(typeof(Order))!;
        var columns = entity.GetProperties().Select(p => p.GetColumnName(table)).OfType<string>()
            .Concat(entity.GetNavigations().Where(n => n.TargetEntityType.IsMappedToJson()).Select(n => n.TargetEntityType.GetContainerColumnName()!))
            .ToList();

        var insert = MappedTable<Order>.Of(model).Insert;

        Assert.True(columns.Count > 30, $"only {columns.Count} columns found"); // The scan itself sees the table.
        Assert.All(columns, column => Assert.Contains($"\"{column}\"", insert, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void An_insert_that_leaves_out_a_mapped_column_is_refused_when_built(string provider)
    {
        var claims = MappedTable<SaleClaim>.Of(Model(provider));

        var refused = Assert.Throws<InvalidOperationException>(() => claims.InsertOf([nameof(SaleClaim.Id), nameof(SaleClaim.Sale)]));

        Assert.Contains("PayBy", refused.Message, StringComparison.Ordinal);
        Assert.StartsWith("INSERT INTO \"sale_claims\"", claims.InsertOf(claims.Columns.Select(c => c.Property).ToList()), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void A_statement_naming_a_property_the_model_does_not_map_fails_when_built(string provider)
    {
        var carts = MappedTable<Cart>.Of(Model(provider));

        Assert.Throws<InvalidOperationException>(() => carts.Update(nameof(Cart.Id), [nameof(Cart.Holder)])); // Holder is not mapped.
    }
}
