using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rollout.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PricingOneRegularPricePerStart : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_prices_Sku_Market_Channel_From",
                table: "prices");

            migrationBuilder.CreateIndex(
                name: "IX_prices_one_regular_price_per_start",
                table: "prices",
                columns: new[] { "Sku", "Market", "Channel", "From" },
                unique: true,
                filter: "\"Until\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_prices_one_regular_price_per_start",
                table: "prices");

            migrationBuilder.CreateIndex(
                name: "IX_prices_Sku_Market_Channel_From",
                table: "prices",
                columns: new[] { "Sku", "Market", "Channel", "From" });
        }
    }
}
