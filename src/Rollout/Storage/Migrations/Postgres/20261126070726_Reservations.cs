using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Rollout.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Reservations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "CK_stock_levels_never_negative",
                table: "stock_levels");

            migrationBuilder.AddColumn<int>(
                name: "PoolReserved",
                table: "stock_levels",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "PoolSold",
                table: "stock_levels",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "allocations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Sku = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Location = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Channel = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    Reserved = table.Column<int>(type: "integer", nullable: false),
                    Sold = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_allocations", x => x.Id);
                    table.CheckConstraint("CK_allocations_never_oversold", "\"Reserved\" >= 0 AND \"Sold\" >= 0 AND \"Quantity\" >= \"Reserved\" + \"Sold\"");
                    table.ForeignKey(
                        name: "FK_allocations_channels_Channel",
                        column: x => x.Channel,
                        principalTable: "channels",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_allocations_stock_locations_Location",
                        column: x => x.Location,
                        principalTable: "stock_locations",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "reservations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Sku = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Location = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Channel = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AllocationId = table.Column<long>(type: "bigint", nullable: true),
                    Holder = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reservations", x => x.Id);
                });

            migrationBuilder.AddCheckConstraint(
                name: "CK_stock_levels_never_oversold",
                table: "stock_levels",
                sql: "\"Allocated\" >= 0 AND \"PoolReserved\" >= 0 AND \"PoolSold\" >= 0 AND \"OnHand\" >= \"Allocated\" + \"PoolReserved\" + \"PoolSold\"");

            migrationBuilder.CreateIndex(
                name: "IX_allocations_Channel",
                table: "allocations",
                column: "Channel");

            migrationBuilder.CreateIndex(
                name: "IX_allocations_Location",
                table: "allocations",
                column: "Location");

            migrationBuilder.CreateIndex(
                name: "IX_allocations_Sku_Location_Channel",
                table: "allocations",
                columns: new[] { "Sku", "Location", "Channel" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_reservations_Holder_Sku_Channel",
                table: "reservations",
                columns: new[] { "Holder", "Sku", "Channel" });

            migrationBuilder.CreateIndex(
                name: "IX_reservations_Status_ExpiresAt",
                table: "reservations",
                columns: new[] { "Status", "ExpiresAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "allocations");

            migrationBuilder.DropTable(
                name: "reservations");

            migrationBuilder.DropCheckConstraint(
                name: "CK_stock_levels_never_oversold",
                table: "stock_levels");

            migrationBuilder.DropColumn(
                name: "PoolReserved",
                table: "stock_levels");

            migrationBuilder.DropColumn(
                name: "PoolSold",
                table: "stock_levels");

            migrationBuilder.AddCheckConstraint(
                name: "CK_stock_levels_never_negative",
                table: "stock_levels",
                sql: "\"Allocated\" >= 0 AND \"OnHand\" >= \"Allocated\"");
        }
    }
}
