using System;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OrderPipeline.Data.Migrations
{
    /// <inheritdoc />
    public partial class DeadLetters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "dead_letters",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    dedupe_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    queue = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    source_queue = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    message_type = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    message_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    correlation_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    order_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    seller_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    body = table.Column<byte[]>(type: "bytea", nullable: false),
                    content_type = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    headers = table.Column<JsonDocument>(type: "jsonb", nullable: false),
                    exception_type = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    exception_message = table.Column<string>(type: "text", nullable: true),
                    stack_trace = table.Column<string>(type: "text", nullable: true),
                    consumer_type = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    retry_count = table.Column<int>(type: "integer", nullable: false),
                    first_failed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    moved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    parse_error = table.Column<string>(type: "text", nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dead_letters", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_dead_letters_dedupe_key",
                table: "dead_letters",
                column: "dedupe_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_dead_letters_fingerprint",
                table: "dead_letters",
                column: "fingerprint");

            migrationBuilder.CreateIndex(
                name: "ix_dead_letters_order_id",
                table: "dead_letters",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_dead_letters_seller_id",
                table: "dead_letters",
                column: "seller_id");

            migrationBuilder.CreateIndex(
                name: "ix_dead_letters_status_id",
                table: "dead_letters",
                columns: new[] { "status", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dead_letters");
        }
    }
}
