using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rollout.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IdempotencyOwner : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Owner",
                table: "idempotent_requests",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            // Orders paid before payments were recorded: they were paid when placed, as far as anyone can tell.
            migrationBuilder.Sql("""UPDATE orders SET "PaidAt" = "PlacedAt" WHERE "PaidAt" IS NULL AND "Status" NOT IN ('Placed', 'Cancelled');""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Owner",
                table: "idempotent_requests");
        }
    }
}
