using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderPipeline.Data.Migrations
{
    /// <inheritdoc />
    public partial class SellerKeyIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "created_by",
                table: "seller_api_keys",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "key_id",
                table: "seller_api_keys",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "revoked_by",
                table: "seller_api_keys",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            // Keys issued before key ids existed get one derived from their hash (not the key): they can be listed and revoked too.
            migrationBuilder.Sql("UPDATE seller_api_keys SET key_id = 'key_' || left(key_hash, 16) WHERE key_id = ''");

            migrationBuilder.CreateIndex(
                name: "ix_seller_api_keys_key_id",
                table: "seller_api_keys",
                column: "key_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_seller_api_keys_key_id",
                table: "seller_api_keys");

            migrationBuilder.DropColumn(
                name: "created_by",
                table: "seller_api_keys");

            migrationBuilder.DropColumn(
                name: "key_id",
                table: "seller_api_keys");

            migrationBuilder.DropColumn(
                name: "revoked_by",
                table: "seller_api_keys");
        }
    }
}
