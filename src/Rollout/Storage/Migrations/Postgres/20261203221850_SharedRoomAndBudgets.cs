using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rollout.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SharedRoomAndBudgets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "AdmittedAt",
                table: "sale_entries",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "WonAt",
                table: "sale_entries",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Places",
                table: "flash_sales",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "budgets",
                columns: table => new
                {
                    Limit = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Caller = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Window = table.Column<long>(type: "bigint", nullable: false),
                    Used = table.Column<int>(type: "integer", nullable: false),
                    Granted = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_budgets", x => new { x.Limit, x.Caller });
                    table.CheckConstraint("CK_budgets_used", "\"Used\" >= 0");
                });

            migrationBuilder.CreateIndex(
                name: "IX_sale_entries_Sale_AdmittedAt",
                table: "sale_entries",
                columns: new[] { "Sale", "AdmittedAt" },
                filter: "\"WonAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_sale_entries_Sale_Position",
                table: "sale_entries",
                columns: new[] { "Sale", "Position" },
                filter: "\"AdmittedAt\" IS NULL");

            // A sale already under way keeps its places: the next one given follows the last stored or drawn.
            migrationBuilder.Sql("""
                UPDATE flash_sales f SET "Places" = GREATEST(
                    COALESCE((SELECT max(e."Position") FROM sale_entries e WHERE e."Sale" = f."Code"), 0),
                    COALESCE((SELECT max(c."Position") FROM sale_claims c WHERE c."Sale" = f."Code"), 0),
                    (SELECT count(*) FROM sale_entries e WHERE e."Sale" = f."Code" AND e."Position" IS NULL))
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "budgets");

            migrationBuilder.DropIndex(
                name: "IX_sale_entries_Sale_AdmittedAt",
                table: "sale_entries");

            migrationBuilder.DropIndex(
                name: "IX_sale_entries_Sale_Position",
                table: "sale_entries");

            migrationBuilder.DropColumn(
                name: "AdmittedAt",
                table: "sale_entries");

            migrationBuilder.DropColumn(
                name: "WonAt",
                table: "sale_entries");

            migrationBuilder.DropColumn(
                name: "Places",
                table: "flash_sales");
        }
    }
}
