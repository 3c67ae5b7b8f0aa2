using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rollout.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SaleEntryCount : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_sale_claims_Sale_Position_Key",
                table: "sale_claims");

            migrationBuilder.AddColumn<int>(
                name: "Claimed",
                table: "sale_entries",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // A sale under way when this runs: each customer's units won and not expired, counted once.
            migrationBuilder.Sql("""
                INSERT INTO sale_entries ("Sale", "CustomerId", "JoinedAt", "Position", "Claimed")
                SELECT "Sale", "CustomerId", min("ClaimedAt"), min("Position"), count(*) FILTER (WHERE "Status" <> 'Expired')
                FROM sale_claims GROUP BY "Sale", "CustomerId"
                ON CONFLICT ("Sale", "CustomerId") DO UPDATE SET "Claimed" = excluded."Claimed";
                """);

            migrationBuilder.CreateIndex(
                name: "IX_sale_claims_Sale_CustomerId_Key",
                table: "sale_claims",
                columns: new[] { "Sale", "CustomerId", "Key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_sale_claims_Sale_CustomerId_Key",
                table: "sale_claims");

            migrationBuilder.DropColumn(
                name: "Claimed",
                table: "sale_entries");

            migrationBuilder.CreateIndex(
                name: "IX_sale_claims_Sale_Position_Key",
                table: "sale_claims",
                columns: new[] { "Sale", "Position", "Key" },
                unique: true);
        }
    }
}
