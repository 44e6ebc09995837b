using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderPipeline.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReplayOutcomes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "not_replayed",
                table: "replay_jobs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "replay_error",
                table: "dead_letters",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "replay_error_at",
                table: "dead_letters",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "not_replayed",
                table: "replay_jobs");

            migrationBuilder.DropColumn(
                name: "replay_error",
                table: "dead_letters");

            migrationBuilder.DropColumn(
                name: "replay_error_at",
                table: "dead_letters");
        }
    }
}
