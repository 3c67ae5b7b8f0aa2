using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Rollout.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Pricing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "exchange_rates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    From = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    To = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Rate = table.Column<decimal>(type: "numeric(18,8)", precision: 18, scale: 8, nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_rates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "landed_costs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Sku = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Market = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ChangedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Lines = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_landed_costs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_landed_costs_markets_Market",
                        column: x => x.Market,
                        principalTable: "markets",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_landed_costs_variants_Sku",
                        column: x => x.Sku,
                        principalTable: "variants",
                        principalColumn: "Sku",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "price_changes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Sku = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Market = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Channel = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    OldMinorUnits = table.Column<long>(type: "bigint", nullable: true),
                    NewMinorUnits = table.Column<long>(type: "bigint", nullable: false),
                    From = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Until = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ChangedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_price_changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "price_endings",
                columns: table => new
                {
                    Market = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Ending = table.Column<decimal>(type: "numeric(12,4)", precision: 12, scale: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_price_endings", x => x.Market);
                    table.ForeignKey(
                        name: "FK_price_endings_markets_Market",
                        column: x => x.Market,
                        principalTable: "markets",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "prices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Sku = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Market = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Channel = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AmountMinorUnits = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Basis = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    From = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Until = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_prices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_prices_channels_Channel",
                        column: x => x.Channel,
                        principalTable: "channels",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_prices_markets_Market",
                        column: x => x.Market,
                        principalTable: "markets",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_prices_variants_Sku",
                        column: x => x.Sku,
                        principalTable: "variants",
                        principalColumn: "Sku",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_exchange_rates_From_To_Date",
                table: "exchange_rates",
                columns: new[] { "From", "To", "Date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_landed_costs_Market",
                table: "landed_costs",
                column: "Market");

            migrationBuilder.CreateIndex(
                name: "IX_landed_costs_Sku_Market",
                table: "landed_costs",
                columns: new[] { "Sku", "Market" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_price_changes_Sku_Market_Channel_ChangedAt",
                table: "price_changes",
                columns: new[] { "Sku", "Market", "Channel", "ChangedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_prices_Channel",
                table: "prices",
                column: "Channel");

            migrationBuilder.CreateIndex(
                name: "IX_prices_Market",
                table: "prices",
                column: "Market");

            migrationBuilder.CreateIndex(
                name: "IX_prices_Sku_Market_Channel_From",
                table: "prices",
                columns: new[] { "Sku", "Market", "Channel", "From" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "exchange_rates");

            migrationBuilder.DropTable(
                name: "landed_costs");

            migrationBuilder.DropTable(
                name: "price_changes");

            migrationBuilder.DropTable(
                name: "price_endings");

            migrationBuilder.DropTable(
                name: "prices");
        }
    }
}
