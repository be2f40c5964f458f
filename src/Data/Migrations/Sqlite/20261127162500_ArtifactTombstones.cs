using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workspaces.Data.Migrations.Sqlite
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
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    uri = table.Column<string>(type: "TEXT", maxLength: 2112, nullable: false),
                    workspace = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    entity_type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    entity_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    deleted_time = table.Column<long>(type: "INTEGER", nullable: false)
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
