using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rollout.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PartnersDevicesRepairs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "attachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    UploadedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    UploadedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_attachments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "devices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Imei = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    Imei2 = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    Serial = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    Sku = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Product = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Market = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ShippedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    ShippedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WarrantyStartsAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SoldThroughAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    OwnerId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Replaces = table.Column<Guid>(type: "TEXT", nullable: true),
                    ReplacedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    RetiredAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_devices", x => x.Id);
                    table.CheckConstraint("CK_devices_identified", "\"Imei\" IS NOT NULL OR \"Serial\" IS NOT NULL");
                    table.ForeignKey(
                        name: "FK_devices_markets_Market",
                        column: x => x.Market,
                        principalTable: "markets",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_devices_variants_Sku",
                        column: x => x.Sku,
                        principalTable: "variants",
                        principalColumn: "Sku",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "partners",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LegalName = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    VatNumber = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    BillingEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_partners", x => x.Code);
                    table.ForeignKey(
                        name: "FK_partners_channels_Code",
                        column: x => x.Code,
                        principalTable: "channels",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "repair_targets",
                columns: table => new
                {
                    Market = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    RespondWithinHours = table.Column<int>(type: "INTEGER", nullable: false),
                    ResolveWithinDays = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_repair_targets", x => x.Market);
                    table.CheckConstraint("CK_repair_targets_positive", "\"RespondWithinHours\" > 0 AND \"ResolveWithinDays\" > 0");
                    table.ForeignKey(
                        name: "FK_repair_targets_markets_Market",
                        column: x => x.Market,
                        principalTable: "markets",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "service_centres",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Market = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_service_centres", x => x.Code);
                    table.ForeignKey(
                        name: "FK_service_centres_markets_Market",
                        column: x => x.Market,
                        principalTable: "markets",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "warranty_extensions",
                columns: table => new
                {
                    Product = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Months = table.Column<int>(type: "INTEGER", nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_warranty_extensions", x => x.Product);
                    table.CheckConstraint("CK_warranty_extensions_months", "\"Months\" BETWEEN 0 AND 60");
                    table.ForeignKey(
                        name: "FK_warranty_extensions_products_Product",
                        column: x => x.Product,
                        principalTable: "products",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "device_imeis",
                columns: table => new
                {
                    Imei = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    DeviceId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_device_imeis", x => x.Imei);
                    table.ForeignKey(
                        name: "FK_device_imeis_devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "device_registrations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeviceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Proof = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_device_registrations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_device_registrations_attachments_Proof",
                        column: x => x.Proof,
                        principalTable: "attachments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_device_registrations_devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "partner_keys",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Partner = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    SecretHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RevokedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_partner_keys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_partner_keys_partners_Partner",
                        column: x => x.Partner,
                        principalTable: "partners",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "partner_orders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Partner = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Market = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    NetMinorUnits = table.Column<long>(type: "INTEGER", nullable: false),
                    PlacedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Carrier = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    TrackingNumber = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    InvoiceNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Invoice = table.Column<string>(type: "TEXT", nullable: true),
                    Lines = table.Column<string>(type: "TEXT", nullable: true),
                    Steps = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_partner_orders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_partner_orders_partners_Partner",
                        column: x => x.Partner,
                        principalTable: "partners",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "repair_tickets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DeviceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeviceIdentity = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Market = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Centre = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OpenedBy = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Opener = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CustomerId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Partner = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Via = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Problem = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Files = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Free = table.Column<bool>(type: "INTEGER", nullable: false),
                    WarrantyRule = table.Column<string>(type: "TEXT", maxLength: 600, nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RespondBy = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ResolveBy = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RespondedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ResolvedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReplacementDevice = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Steps = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_repair_tickets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_repair_tickets_devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_repair_tickets_service_centres_Centre",
                        column: x => x.Centre,
                        principalTable: "service_centres",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_device_imeis_DeviceId",
                table: "device_imeis",
                column: "DeviceId");

            migrationBuilder.CreateIndex(
                name: "IX_device_registrations_CustomerId",
                table: "device_registrations",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_device_registrations_DeviceId",
                table: "device_registrations",
                column: "DeviceId");

            migrationBuilder.CreateIndex(
                name: "IX_device_registrations_Proof",
                table: "device_registrations",
                column: "Proof");

            migrationBuilder.CreateIndex(
                name: "IX_device_registrations_Status_At",
                table: "device_registrations",
                columns: new[] { "Status", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_devices_Channel_Market",
                table: "devices",
                columns: new[] { "Channel", "Market" });

            migrationBuilder.CreateIndex(
                name: "IX_devices_Market",
                table: "devices",
                column: "Market");

            migrationBuilder.CreateIndex(
                name: "IX_devices_OwnerId",
                table: "devices",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_devices_Serial",
                table: "devices",
                column: "Serial",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_devices_ShippedBy",
                table: "devices",
                column: "ShippedBy");

            migrationBuilder.CreateIndex(
                name: "IX_devices_Sku",
                table: "devices",
                column: "Sku");

            migrationBuilder.CreateIndex(
                name: "IX_partner_keys_Partner",
                table: "partner_keys",
                column: "Partner");

            migrationBuilder.CreateIndex(
                name: "IX_partner_orders_InvoiceNumber",
                table: "partner_orders",
                column: "InvoiceNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_partner_orders_Number",
                table: "partner_orders",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_partner_orders_Partner_Reference",
                table: "partner_orders",
                columns: new[] { "Partner", "Reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_partner_orders_Status_PlacedAt",
                table: "partner_orders",
                columns: new[] { "Status", "PlacedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_repair_tickets_Centre_Status",
                table: "repair_tickets",
                columns: new[] { "Centre", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_repair_tickets_CustomerId",
                table: "repair_tickets",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_repair_tickets_Number",
                table: "repair_tickets",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_repair_tickets_one_open_per_device",
                table: "repair_tickets",
                column: "DeviceId",
                unique: true,
                filter: "\"Status\" NOT IN ('Returned', 'Closed')");

            migrationBuilder.CreateIndex(
                name: "IX_repair_tickets_Partner",
                table: "repair_tickets",
                column: "Partner");

            migrationBuilder.CreateIndex(
                name: "IX_service_centres_Market",
                table: "service_centres",
                column: "Market");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "device_imeis");

            migrationBuilder.DropTable(
                name: "device_registrations");

            migrationBuilder.DropTable(
                name: "partner_keys");

            migrationBuilder.DropTable(
                name: "partner_orders");

            migrationBuilder.DropTable(
                name: "repair_targets");

            migrationBuilder.DropTable(
                name: "repair_tickets");

            migrationBuilder.DropTable(
                name: "warranty_extensions");

            migrationBuilder.DropTable(
                name: "attachments");

            migrationBuilder.DropTable(
                name: "partners");

            migrationBuilder.DropTable(
                name: "devices");

            migrationBuilder.DropTable(
                name: "service_centres");
        }
    }
}
