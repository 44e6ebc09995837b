using System;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OrderPipeline.Data.Migrations
{
    /// <inheritdoc />
    public partial class TriageAtScale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "replay_job_id",
                table: "dead_letters",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "dead_letter_alerts",
                columns: table => new
                {
                    fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    last_alerted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    alerted_through_id = table.Column<long>(type: "bigint", nullable: false),
                    alerts_sent = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dead_letter_alerts", x => x.fingerprint);
                });

            migrationBuilder.CreateTable(
                name: "dead_letter_group_owners",
                columns: table => new
                {
                    fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    assignee = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    assigned_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    assigned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dead_letter_group_owners", x => x.fingerprint);
                });

            migrationBuilder.CreateTable(
                name: "dead_letter_notes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    author = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dead_letter_notes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "replay_jobs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    requested_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    selection = table.Column<JsonDocument>(type: "jsonb", nullable: false),
                    max_id = table.Column<long>(type: "bigint", nullable: false),
                    rate_per_second = table.Column<int>(type: "integer", nullable: false),
                    batch_size = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    total = table.Column<int>(type: "integer", nullable: false),
                    replayed = table.Column<int>(type: "integer", nullable: false),
                    skipped = table.Column<int>(type: "integer", nullable: false),
                    last_id = table.Column<long>(type: "bigint", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    cancelled_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    lease_owner = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    lease_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_replay_jobs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_dead_letters_replay_job_id",
                table: "dead_letters",
                column: "replay_job_id");

            migrationBuilder.CreateIndex(
                name: "ix_dead_letters_replay_of",
                table: "dead_letters",
                column: "replay_of");

            migrationBuilder.CreateIndex(
                name: "ix_dead_letter_notes_fingerprint_id",
                table: "dead_letter_notes",
                columns: new[] { "fingerprint", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_replay_jobs_status",
                table: "replay_jobs",
                column: "status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dead_letter_alerts");

            migrationBuilder.DropTable(
                name: "dead_letter_group_owners");

            migrationBuilder.DropTable(
                name: "dead_letter_notes");

            migrationBuilder.DropTable(
                name: "replay_jobs");

            migrationBuilder.DropIndex(
                name: "ix_dead_letters_replay_job_id",
                table: "dead_letters");

            migrationBuilder.DropIndex(
                name: "ix_dead_letters_replay_of",
                table: "dead_letters");

            migrationBuilder.DropColumn(
                name: "replay_job_id",
                table: "dead_letters");
        }
    }
}
