using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rollout.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SaleLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "Claimed",
                table: "flash_sales",
                newName: "Leased");

            migrationBuilder.AddColumn<long>(
                name: "LeaseEpoch",
                table: "flash_sales",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "sale_leases",
                columns: table => new
                {
                    Sale = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Epoch = table.Column<long>(type: "bigint", nullable: false),
                    Server = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Units = table.Column<int>(type: "integer", nullable: false),
                    Used = table.Column<int>(type: "integer", nullable: false),
                    LeasedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sale_leases", x => new { x.Sale, x.Epoch });
                    table.CheckConstraint("CK_sale_leases_used", "\"Used\" >= 0 AND \"Used\" <= \"Units\"");
                });

            migrationBuilder.AddCheckConstraint(
                name: "CK_flash_sales_escrow",
                table: "flash_sales",
                sql: "\"Leased\" >= 0 AND \"Leased\" <= \"Units\"");

            migrationBuilder.CreateIndex(
                name: "IX_sale_leases_ExpiresAt",
                table: "sale_leases",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sale_leases");

            migrationBuilder.DropCheckConstraint(
                name: "CK_flash_sales_escrow",
                table: "flash_sales");

            migrationBuilder.DropColumn(
                name: "LeaseEpoch",
                table: "flash_sales");

            migrationBuilder.RenameColumn(
                name: "Leased",
                table: "flash_sales",
                newName: "Claimed");
        }
    }
}
