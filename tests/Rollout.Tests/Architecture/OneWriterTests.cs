namespace Rollout.Tests.Architecture;

/// <summary>
/// One place reads and writes each store that guards against doing a write twice, and one module writes each hot
/// table (docs/decisions/0018-several-servers.md): no other code holds a statement or a bulk EF Core write
/// for it, so a counter's rule is stated once and a new column is never left out.
/// </summary>
public sealed class OneWriterTests
{
    /// <summary>Each hot table, its DbSet, and the files that may write it (its module; the benchmark's naive baseline).</summary>
    public static TheoryData<string, string, string[]> HotTables => new()
    {
        { "allocations", "Allocations", ["AllocationRows.cs", "NaiveClaims.cs"] },
        { "stock_levels", "StockLevels", ["StockLevelRows.cs"] },
        { "flash_sales", "FlashSales", ["FlashSaleRows.cs", "NaiveClaims.cs"] },
        { "sale_claims", "SaleClaims", ["ClaimRows.cs", "NaiveClaims.cs"] },
        { "orders", "Orders", ["OrderRows.cs"] },
        { "carts", "Carts", ["CartRows.cs"] },
        { "sale_leases", "SaleLeases", ["LeaseRows.cs"] },
        { "budgets", "Budgets", ["BudgetRows.cs"] },
    };

    [Theory]
    [MemberData(nameof(HotTables))]
    public void Only_its_module_writes_a_hot_table(string table, string set, string[] allowed)
    {
        var (sql, bulk) = (Statement(table), BulkWrite(set));
        var writers = SourceFiles()
            .Where(f => File.ReadAllText(f) is var text && (sql.IsMatch(text) || bulk.IsMatch(text)))
            .Select(Path.GetFileName)
            .ToList();

        Assert.All(writers, file => Assert.Contains(file, allowed));
        Assert.Contains(SourceFiles().Select(Path.GetFileName), file => file == allowed[0]); // The module exists.
    }

    [Fact]
    public void The_test_of_hot_tables_finds_a_writer_where_there_is_one()
    {
        // The patterns must catch what they are for, or the test above could not fail.
        var naive = File.ReadAllText(SourceFiles().Single(f => Path.GetFileName(f) == "NaiveClaims.cs"));
        Assert.Matches(Statement("allocations"), naive);
        Assert.Matches(Statement("sale_claims"), "await batch.Execute(\"\"\"INSERT INTO sale_claims (\"Id\") VALUES (@p0)\"\"\", id);");
        Assert.Matches(BulkWrite("FlashSales"), "db.FlashSales.Add(sale);");
        Assert.Matches(BulkWrite("Allocations"), "db.Allocations.Where(a => a.Id == id)\n    .ExecuteUpdateAsync(s => s.SetProperty(a => a.Sold, 0), ct);");
        Assert.DoesNotMatch(BulkWrite("Allocations"), "db.Allocations.AsNoTracking().Where(a => a.Id == id).FirstAsync(ct);");
        Assert.DoesNotMatch(BulkWrite("Orders"), "if (await db.Orders.AsNoTracking().FirstAsync(ct) is { } at)\n{\n    await db.Devices.Where(d => d.Id == at).ExecuteUpdateAsync(s => s, ct);");
    }

    /// <summary>A statement that changes <paramref name="table"/>'s rows, in SQL text.</summary>
    private static System.Text.RegularExpressions.Regex Statement(string table) =>
        new($@"(UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+\\?""?{table}\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary>A write through EF Core to the DbSet <paramref name="set"/>: a bulk update or delete, or an entity added, removed or attached.</summary>
    private static System.Text.RegularExpressions.Regex BulkWrite(string set) =>
        new($@"\.{set}\b[^;{{}}]*?\.(ExecuteUpdate|ExecuteDelete)\w*\(|\.{set}\s*\.\s*(Add|AddRange|Remove|RemoveRange|Update|UpdateRange|Attach)\(");

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string Root
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Rollout.slnx")))
            {
                folder = folder.Parent;
            }

            return folder?.FullName ?? throw new InvalidOperationException("The repository (Rollout.slnx) is not above the test's folder.");
        }
    }

    [Fact]
    public void Only_Idempotency_reads_and_writes_the_answers_to_retried_writes()
    {
        string[] allowed = ["Idempotency.cs", "OrdersMapping.cs", "RolloutDb.cs"]; // the store, its table mapping, its DbSet
        var src = Path.Combine(Root, "src");
        var touching = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f) is var text && (text.Contains("idempotent_requests", StringComparison.Ordinal) || text.Contains(".IdempotentRequests", StringComparison.Ordinal)))
            .Select(Path.GetFileName)
            .ToList();

        Assert.NotEmpty(touching);
        Assert.All(touching, file => Assert.Contains(file, allowed));
    }
}
