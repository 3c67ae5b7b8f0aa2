namespace Rollout.Tests.Architecture;

/// <summary>One place reads and writes each store that guards against doing a write twice.</summary>
public sealed class OneWriterTests
{
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
