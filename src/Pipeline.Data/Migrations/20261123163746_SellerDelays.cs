using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderPipeline.Data.Migrations
{
    /// <inheritdoc />
    public partial class SellerDelays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "ship_date",
                table: "products",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "delay_id",
                table: "orders",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "delay_reason",
                table: "orders",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ship_date",
                table: "orders",
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "delay_notices",
                columns: table => new
                {
                    delay_id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    recipient = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    claimed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    deferred_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delay_notices", x => new { x.delay_id, x.order_id });
                });

            migrationBuilder.CreateTable(
                name: "delays",
                columns: table => new
                {
                    delay_id = table.Column<Guid>(type: "uuid", nullable: false),
                    seller_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    product_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    new_ship_date = table.Column<DateOnly>(type: "date", nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    affected = table.Column<int>(type: "integer", nullable: false),
                    notices = table.Column<int>(type: "integer", nullable: false),
                    deferred = table.Column<int>(type: "integer", nullable: false),
                    notified = table.Column<int>(type: "integer", nullable: false),
                    failed = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    fanned_out_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    done_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delays", x => x.delay_id);
                });

            migrationBuilder.CreateTable(
                name: "seller_api_keys",
                columns: table => new
                {
                    key_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    seller_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_seller_api_keys", x => x.key_hash);
                });

            migrationBuilder.CreateIndex(
                name: "ix_delay_notices_deferred_until",
                table: "delay_notices",
                column: "deferred_until",
                filter: "status = 'Deferred'");

            migrationBuilder.CreateIndex(
                name: "ix_delays_product_id_new_ship_date_reason",
                table: "delays",
                columns: new[] { "product_id", "new_ship_date", "reason" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_delays_seller_id_created_at",
                table: "delays",
                columns: new[] { "seller_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_seller_api_keys_seller_id",
                table: "seller_api_keys",
                column: "seller_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "delay_notices");

            migrationBuilder.DropTable(
                name: "delays");

            migrationBuilder.DropTable(
                name: "seller_api_keys");

            migrationBuilder.DropColumn(
                name: "ship_date",
                table: "products");

            migrationBuilder.DropColumn(
                name: "delay_id",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "delay_reason",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "ship_date",
                table: "orders");
        }
    }
}
