using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rollout.Audit;

internal sealed class AuditEntryMapping : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.ToTable("audit_entries");
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Actor).HasMaxLength(256);
        entry.Property(e => e.Action).HasMaxLength(64);
        entry.Property(e => e.Subject).HasMaxLength(256);
        // The console and the export read newest first, by actor, action or subject, over a year of entries.
        entry.HasIndex(e => e.At);
        entry.HasIndex(e => new { e.Actor, e.At });
        entry.HasIndex(e => new { e.Action, e.At });
        entry.HasIndex(e => new { e.Subject, e.At });
    }
}
