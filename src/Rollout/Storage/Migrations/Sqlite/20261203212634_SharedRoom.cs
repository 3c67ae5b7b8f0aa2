using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rollout.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SharedRoom : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "AdmittedAt",
                table: "sale_entries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "WonAt",
                table: "sale_entries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Places",
                table: "flash_sales",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateIndex(
                name: "IX_sale_entries_Sale_AdmittedAt",
                table: "sale_entries",
                columns: new[] { "Sale", "AdmittedAt" },
                filter: "\"WonAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_sale_entries_Sale_Position",
                table: "sale_entries",
                columns: new[] { "Sale", "Position" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
