using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderPipeline.Data.Migrations
{
    /// <inheritdoc />
    public partial class DelayTargets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_order_items_product_id",
                table: "order_items");

            migrationBuilder.DropIndex(
                name: "ix_delays_product_id_new_ship_date_reason",
                table: "delays");

            migrationBuilder.AlterTable(
                name: "orders")
                .Annotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.AddColumn<Guid>(
                name: "corrects",
                table: "delays",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "group_by_shopper",
                table: "delays",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "marked_through",
                table: "delays",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "next_chunk",
                table: "delays",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "placed_before",
                table: "delays",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "placed_from",
                table: "delays",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ship_date_from",
                table: "delays",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ship_date_to",
                table: "delays",
                type: "date",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_order_items_product_id_order_id",
                table: "order_items",
                columns: new[] { "product_id", "order_id" });

            migrationBuilder.CreateIndex(
                name: "ix_delays_declaration",
                table: "delays",
                columns: new[] { "product_id", "new_ship_date", "reason", "placed_from", "placed_before", "ship_date_from", "ship_date_to", "corrects", "group_by_shopper" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_order_items_product_id_order_id",
                table: "order_items");

            migrationBuilder.DropIndex(
                name: "ix_delays_declaration",
                table: "delays");

            migrationBuilder.DropColumn(
                name: "corrects",
                table: "delays");

            migrationBuilder.DropColumn(
                name: "group_by_shopper",
                table: "delays");

            migrationBuilder.DropColumn(
                name: "marked_through",
                table: "delays");

            migrationBuilder.DropColumn(
                name: "next_chunk",
                table: "delays");

            migrationBuilder.DropColumn(
                name: "placed_before",
                table: "delays");

            migrationBuilder.DropColumn(
                name: "placed_from",
                table: "delays");

            migrationBuilder.DropColumn(
                name: "ship_date_from",
                table: "delays");

            migrationBuilder.DropColumn(
                name: "ship_date_to",
                table: "delays");

            migrationBuilder.AlterTable(
                name: "orders")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.CreateIndex(
                name: "ix_order_items_product_id",
                table: "order_items",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_delays_product_id_new_ship_date_reason",
                table: "delays",
                columns: new[] { "product_id", "new_ship_date", "reason" },
                unique: true);
        }
    }
}
