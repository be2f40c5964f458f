using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workspaces.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Registry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "registered_models",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    workspace = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    creation_timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    last_updated_timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_registered_models", x => x.id);
                    table.ForeignKey(
                        name: "fk_registered_models_workspaces_workspace",
                        column: x => x.workspace,
                        principalTable: "workspaces",
                        principalColumn: "name",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "model_versions",
                columns: table => new
                {
                    registered_model_id = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    creation_timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    last_updated_timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    current_stage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    source = table.Column<string>(type: "TEXT", nullable: true),
                    storage_location = table.Column<string>(type: "TEXT", nullable: true),
                    run_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    status_message = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    run_link = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    model_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_model_versions", x => new { x.registered_model_id, x.version });
                    table.ForeignKey(
                        name: "fk_model_versions_registered_models_registered_model_id",
                        column: x => x.registered_model_id,
                        principalTable: "registered_models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "registered_model_aliases",
                columns: table => new
                {
                    registered_model_id = table.Column<long>(type: "INTEGER", nullable: false),
                    alias = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_registered_model_aliases", x => new { x.registered_model_id, x.alias });
                    table.ForeignKey(
                        name: "fk_registered_model_aliases_registered_models_registered_model_id",
                        column: x => x.registered_model_id,
                        principalTable: "registered_models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "registered_model_tags",
                columns: table => new
                {
                    registered_model_id = table.Column<long>(type: "INTEGER", nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_registered_model_tags", x => new { x.registered_model_id, x.key });
                    table.ForeignKey(
                        name: "fk_registered_model_tags_registered_models_registered_model_id",
                        column: x => x.registered_model_id,
                        principalTable: "registered_models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "model_version_tags",
                columns: table => new
                {
                    registered_model_id = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_model_version_tags", x => new { x.registered_model_id, x.version, x.key });
                    table.ForeignKey(
                        name: "fk_model_version_tags_model_versions_registered_model_id_version",
                        columns: x => new { x.registered_model_id, x.version },
                        principalTable: "model_versions",
                        principalColumns: new[] { "registered_model_id", "version" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "idx_model_versions_run_id",
                table: "model_versions",
                column: "run_id");

            migrationBuilder.CreateIndex(
                name: "uq_registered_models_workspace_name",
                table: "registered_models",
                columns: new[] { "workspace", "name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "model_version_tags");

            migrationBuilder.DropTable(
                name: "registered_model_aliases");

            migrationBuilder.DropTable(
                name: "registered_model_tags");

            migrationBuilder.DropTable(
                name: "model_versions");

            migrationBuilder.DropTable(
                name: "registered_models");
        }
    }
}
