using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rollout.Storage.Migrations.Sqlite
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

            migrationBuilder.CreateTable(
                name: "budgets",
                columns: table => new
                {
                    Limit = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Caller = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Window = table.Column<long>(type: "INTEGER", nullable: false),
                    Used = table.Column<int>(type: "INTEGER", nullable: false),
                    Granted = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_budgets", x => new { x.Limit, x.Caller });
                    table.CheckConstraint("CK_budgets_used", "\"Used\" >= 0");
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "budgets");

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
