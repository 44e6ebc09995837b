using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderPipeline.Data.Migrations
{
    /// <inheritdoc />
    public partial class DelayNoticeClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "claimed_by",
                table: "delay_notices",
                type: "uuid",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "claimed_by",
                table: "delay_notices");
        }
    }
}
