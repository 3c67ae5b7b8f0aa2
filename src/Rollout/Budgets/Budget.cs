using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rollout.Budgets;

/// <summary>
/// A budget shared by every server of one database (docs/decisions/0018-several-servers.md): how many permits of one
/// limit one caller has used in the current window (a partner's API requests in this minute, say). One row per limit
/// and caller, reused window after window; servers take permits from it in blocks (<see cref="BudgetRows.Take"/>).
/// </summary>
public sealed class Budget
{
    private Budget()
    {
    }

    /// <summary>The limit's name (<c>partner-requests</c>).</summary>
    public string Limit { get; private set; } = "";

    /// <summary>Whom it counts (<c>p:</c> and the partner's code).</summary>
    public string Caller { get; private set; } = "";

    /// <summary>The window the count is of: whole windows since the Unix epoch (minutes for a per-minute limit).</summary>
    public long Window { get; private set; }

    /// <summary>Permits taken by every server in that window; never more than the limit's.</summary>
    public int Used { get; private set; }

    /// <summary>The permits the last take gave (what the server that made it may spend).</summary>
    public int Granted { get; private set; }
}

internal sealed class BudgetMapping : IEntityTypeConfiguration<Budget>
{
    public void Configure(EntityTypeBuilder<Budget> budget)
    {
        budget.ToTable("budgets", t => t.HasCheckConstraint("CK_budgets_used", "\"Used\" >= 0"));
        budget.HasKey(b => new { b.Limit, b.Caller });
        budget.Property(b => b.Limit).HasMaxLength(64);
        budget.Property(b => b.Caller).HasMaxLength(200);
    }
}
