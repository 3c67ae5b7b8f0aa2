using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rollout.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SaleEntryCount : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Claimed",
                table: "sale_entries",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Claimed",
                table: "sale_entries");
        }
    }
}
