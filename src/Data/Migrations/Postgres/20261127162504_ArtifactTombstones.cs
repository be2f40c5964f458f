using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Workspaces.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ArtifactTombstones : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "artifact_tombstones",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    uri = table.Column<string>(type: "character varying(2112)", maxLength: 2112, nullable: false),
                    workspace = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    entity_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    entity_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    deleted_time = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_artifact_tombstones", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "idx_artifact_tombstones_deleted_time",
                table: "artifact_tombstones",
                column: "deleted_time");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "artifact_tombstones");
        }
    }
}
