using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rollout.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SaleClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Admitted",
                table: "flash_sales",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "Claimed",
                table: "flash_sales",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ShuffleSeed",
                table: "flash_sales",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "sale_claims",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Sale = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CustomerId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Position = table.Column<long>(type: "bigint", nullable: false),
                    ClaimedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PayBy = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sale_claims", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sale_entries",
                columns: table => new
                {
                    Sale = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CustomerId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    JoinedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Position = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sale_entries", x => new { x.Sale, x.CustomerId });
                });

            migrationBuilder.CreateTable(
                name: "sale_registrations",
                columns: table => new
                {
                    Sale = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CustomerId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RegisteredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sale_registrations", x => new { x.Sale, x.CustomerId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_sale_claims_Sale_Position_Key",
                table: "sale_claims",
                columns: new[] { "Sale", "Position", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sale_claims_Sale_Status",
                table: "sale_claims",
                columns: new[] { "Sale", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sale_claims");

            migrationBuilder.DropTable(
                name: "sale_entries");

            migrationBuilder.DropTable(
                name: "sale_registrations");

            migrationBuilder.DropColumn(
                name: "Admitted",
                table: "flash_sales");

            migrationBuilder.DropColumn(
                name: "Claimed",
                table: "flash_sales");

            migrationBuilder.DropColumn(
                name: "ShuffleSeed",
                table: "flash_sales");
        }
    }
}
