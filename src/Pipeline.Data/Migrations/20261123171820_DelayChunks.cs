using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderPipeline.Data.Migrations
{
    /// <inheritdoc />
    public partial class DelayChunks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "delay_notices");

            migrationBuilder.CreateTable(
                name: "delay_chunks",
                columns: table => new
                {
                    delay_id = table.Column<Guid>(type: "uuid", nullable: false),
                    chunk = table.Column<int>(type: "integer", nullable: false),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    order_ids = table.Column<string[]>(type: "text[]", nullable: false),
                    recipients = table.Column<string[]>(type: "text[]", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    claimed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    claimed_by = table.Column<Guid>(type: "uuid", nullable: true),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    deferred_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delay_chunks", x => new { x.delay_id, x.chunk });
                });

            migrationBuilder.CreateIndex(
                name: "ix_delay_chunks_claimed_at",
                table: "delay_chunks",
                column: "claimed_at",
                filter: "status = 'Sending'");

            migrationBuilder.CreateIndex(
                name: "ix_delay_chunks_deferred_until",
                table: "delay_chunks",
                column: "deferred_until",
                filter: "status = 'Deferred'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "delay_chunks");

            migrationBuilder.CreateTable(
                name: "delay_notices",
                columns: table => new
                {
                    delay_id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    claimed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    claimed_by = table.Column<Guid>(type: "uuid", nullable: true),
                    deferred_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    recipient = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delay_notices", x => new { x.delay_id, x.order_id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_delay_notices_deferred_until",
                table: "delay_notices",
                column: "deferred_until",
                filter: "status = 'Deferred'");
        }
    }
}
