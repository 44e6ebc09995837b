using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OrderPipeline.Data.Migrations
{
    /// <inheritdoc />
    public partial class DeadLetterTriage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "discard_reason",
                table: "dead_letters",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "discarded_at",
                table: "dead_letters",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "discarded_by",
                table: "dead_letters",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "replay_of",
                table: "dead_letters",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "replayed_at",
                table: "dead_letters",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "replayed_by",
                table: "dead_letters",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "triage_audit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    dead_letter_id = table.Column<long>(type: "bigint", nullable: true),
                    fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    detail = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_triage_audit", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_dead_letters_message_id",
                table: "dead_letters",
                column: "message_id");

            migrationBuilder.CreateIndex(
                name: "ix_triage_audit_at",
                table: "triage_audit",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_triage_audit_dead_letter_id",
                table: "triage_audit",
                column: "dead_letter_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "triage_audit");

            migrationBuilder.DropIndex(
                name: "ix_dead_letters_message_id",
                table: "dead_letters");

            migrationBuilder.DropColumn(
                name: "discard_reason",
                table: "dead_letters");

            migrationBuilder.DropColumn(
                name: "discarded_at",
                table: "dead_letters");

            migrationBuilder.DropColumn(
                name: "discarded_by",
                table: "dead_letters");

            migrationBuilder.DropColumn(
                name: "replay_of",
                table: "dead_letters");

            migrationBuilder.DropColumn(
                name: "replayed_at",
                table: "dead_letters");

            migrationBuilder.DropColumn(
                name: "replayed_by",
                table: "dead_letters");
        }
    }
}
