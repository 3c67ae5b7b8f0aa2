using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Rollout.Storage;

// Used only by 'dotnet ef migrations add'; no database is reached when migrations are generated.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteRolloutDb>
{
    public SqliteRolloutDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteRolloutDb>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresRolloutDb>
{
    public PostgresRolloutDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresRolloutDb>().UseNpgsql("Host=localhost;Database=design").Options);
}
