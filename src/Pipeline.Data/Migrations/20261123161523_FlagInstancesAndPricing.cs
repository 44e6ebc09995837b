using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderPipeline.Data.Migrations
{
    /// <inheritdoc />
    public partial class FlagInstancesAndPricing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "pricing",
                table: "orders",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "flag_instances",
                columns: table => new
                {
                    instance_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    service = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    host = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    process_id = table.Column<int>(type: "integer", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    applied_version = table.Column<long>(type: "bigint", nullable: false),
                    applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    heartbeat_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    database_reads = table.Column<long>(type: "bigint", nullable: false),
                    paused_queues = table.Column<string[]>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_flag_instances", x => x.instance_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_flag_instances_heartbeat_at",
                table: "flag_instances",
                column: "heartbeat_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "flag_instances");

            migrationBuilder.DropColumn(
                name: "pricing",
                table: "orders");
        }
    }
}
