using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderPipeline.Data.Migrations
{
    /// <inheritdoc />
    public partial class Sales : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "lane_ticket",
                table: "orders",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sale_id",
                table: "orders",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "sales",
                columns: table => new
                {
                    sale_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    seller_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    product_ids = table.Column<string[]>(type: "text[]", nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expected_peak_per_second = table.Column<int>(type: "integer", nullable: false),
                    admission_per_second = table.Column<int>(type: "integer", nullable: true),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_ticket = table.Column<long>(type: "bigint", nullable: false),
                    admitted_up_to = table.Column<long>(type: "bigint", nullable: false),
                    decided = table.Column<long>(type: "bigint", nullable: false),
                    pace_next = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sales", x => x.sale_id);
                    table.CheckConstraint("ck_sales_admission", "admission_per_second IS NULL OR admission_per_second > 0");
                    table.CheckConstraint("ck_sales_window", "starts_at < ends_at");
                });

            migrationBuilder.CreateIndex(
                name: "ix_sales_ends_at",
                table: "sales",
                column: "ends_at");

            migrationBuilder.CreateIndex(
                name: "ix_sales_seller_id",
                table: "sales",
                column: "seller_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sales");

            migrationBuilder.DropColumn(
                name: "lane_ticket",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "sale_id",
                table: "orders");
        }
    }
}
