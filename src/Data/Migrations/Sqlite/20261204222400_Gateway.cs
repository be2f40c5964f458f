using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workspaces.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Gateway : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "endpoints",
                columns: table => new
                {
                    endpoint_id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    last_updated_by = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    routing_strategy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    fallback_config_json = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    experiment_id = table.Column<long>(type: "INTEGER", nullable: true),
                    usage_tracking = table.Column<bool>(type: "INTEGER", nullable: false),
                    workspace = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_endpoints", x => x.endpoint_id);
                    table.ForeignKey(
                        name: "fk_endpoints_workspaces_workspace",
                        column: x => x.workspace,
                        principalTable: "workspaces",
                        principalColumn: "name",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "secrets",
                columns: table => new
                {
                    secret_id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    secret_name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    encrypted_value = table.Column<byte[]>(type: "BLOB", nullable: false),
                    wrapped_dek = table.Column<byte[]>(type: "BLOB", nullable: false),
                    kek_version = table.Column<int>(type: "INTEGER", nullable: false),
                    masked_value = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: false),
                    provider = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    auth_config = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    last_updated_by = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    workspace = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_secrets", x => x.secret_id);
                    table.ForeignKey(
                        name: "fk_secrets_workspaces_workspace",
                        column: x => x.workspace,
                        principalTable: "workspaces",
                        principalColumn: "name",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "endpoint_bindings",
                columns: table => new
                {
                    endpoint_id = table.Column<string>(type: "TEXT", nullable: false),
                    resource_type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    resource_id = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    last_updated_by = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    display_name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_endpoint_bindings", x => new { x.endpoint_id, x.resource_type, x.resource_id });
                    table.ForeignKey(
                        name: "fk_endpoint_bindings_endpoints_endpoint_id",
                        column: x => x.endpoint_id,
                        principalTable: "endpoints",
                        principalColumn: "endpoint_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "endpoint_tags",
                columns: table => new
                {
                    endpoint_id = table.Column<string>(type: "TEXT", nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    value = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_endpoint_tags", x => new { x.endpoint_id, x.key });
                    table.ForeignKey(
                        name: "fk_endpoint_tags_endpoints_endpoint_id",
                        column: x => x.endpoint_id,
                        principalTable: "endpoints",
                        principalColumn: "endpoint_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "gateway_endpoint_permissions",
                columns: table => new
                {
                    endpoint_id = table.Column<string>(type: "TEXT", nullable: false),
                    user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    permission = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_gateway_endpoint_permissions", x => new { x.endpoint_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_gateway_endpoint_permissions_endpoints_endpoint_id",
                        column: x => x.endpoint_id,
                        principalTable: "endpoints",
                        principalColumn: "endpoint_id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_gateway_endpoint_permissions_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "gateway_usage",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    endpoint_id = table.Column<string>(type: "TEXT", nullable: false),
                    model_definition_id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: true),
                    caller = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    latency_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    prompt_tokens = table.Column<int>(type: "INTEGER", nullable: true),
                    completion_tokens = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_gateway_usage", x => x.id);
                    table.ForeignKey(
                        name: "fk_gateway_usage_endpoints_endpoint_id",
                        column: x => x.endpoint_id,
                        principalTable: "endpoints",
                        principalColumn: "endpoint_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "gateway_secret_permissions",
                columns: table => new
                {
                    secret_id = table.Column<string>(type: "TEXT", nullable: false),
                    user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    permission = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_gateway_secret_permissions", x => new { x.secret_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_gateway_secret_permissions_secrets_secret_id",
                        column: x => x.secret_id,
                        principalTable: "secrets",
                        principalColumn: "secret_id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_gateway_secret_permissions_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "model_definitions",
                columns: table => new
                {
                    model_definition_id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    secret_id = table.Column<string>(type: "TEXT", nullable: true),
                    provider = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    model_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    last_updated_by = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    workspace = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_model_definitions", x => x.model_definition_id);
                    table.ForeignKey(
                        name: "fk_model_definitions_secrets_secret_id",
                        column: x => x.secret_id,
                        principalTable: "secrets",
                        principalColumn: "secret_id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_model_definitions_workspaces_workspace",
                        column: x => x.workspace,
                        principalTable: "workspaces",
                        principalColumn: "name",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "endpoint_model_mappings",
                columns: table => new
                {
                    mapping_id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    endpoint_id = table.Column<string>(type: "TEXT", nullable: false),
                    model_definition_id = table.Column<string>(type: "TEXT", nullable: false),
                    weight = table.Column<double>(type: "REAL", nullable: false),
                    linkage_type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    fallback_order = table.Column<int>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_endpoint_model_mappings", x => x.mapping_id);
                    table.ForeignKey(
                        name: "fk_endpoint_model_mappings_endpoints_endpoint_id",
                        column: x => x.endpoint_id,
                        principalTable: "endpoints",
                        principalColumn: "endpoint_id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_endpoint_model_mappings_model_definitions_model_definition_id",
                        column: x => x.model_definition_id,
                        principalTable: "model_definitions",
                        principalColumn: "model_definition_id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "gateway_model_definition_permissions",
                columns: table => new
                {
                    model_definition_id = table.Column<string>(type: "TEXT", nullable: false),
                    user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    permission = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_gateway_model_definition_permissions", x => new { x.model_definition_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_gateway_model_definition_permissions_model_definitions_model_definition_id",
                        column: x => x.model_definition_id,
                        principalTable: "model_definitions",
                        principalColumn: "model_definition_id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_gateway_model_definition_permissions_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "idx_endpoint_model_mappings_model_definition_id",
                table: "endpoint_model_mappings",
                column: "model_definition_id");

            migrationBuilder.CreateIndex(
                name: "uq_endpoint_model_mappings_endpoint_model",
                table: "endpoint_model_mappings",
                columns: new[] { "endpoint_id", "model_definition_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "uq_endpoints_workspace_name",
                table: "endpoints",
                columns: new[] { "workspace", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_gateway_endpoint_permissions_user_id",
                table: "gateway_endpoint_permissions",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "idx_gateway_model_definition_permissions_user_id",
                table: "gateway_model_definition_permissions",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "idx_gateway_secret_permissions_user_id",
                table: "gateway_secret_permissions",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "idx_gateway_usage_endpoint_timestamp",
                table: "gateway_usage",
                columns: new[] { "endpoint_id", "timestamp" });

            migrationBuilder.CreateIndex(
                name: "idx_model_definitions_secret_id",
                table: "model_definitions",
                column: "secret_id");

            migrationBuilder.CreateIndex(
                name: "uq_model_definitions_workspace_name",
                table: "model_definitions",
                columns: new[] { "workspace", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "uq_secrets_workspace_secret_name",
                table: "secrets",
                columns: new[] { "workspace", "secret_name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "endpoint_bindings");

            migrationBuilder.DropTable(
                name: "endpoint_model_mappings");

            migrationBuilder.DropTable(
                name: "endpoint_tags");

            migrationBuilder.DropTable(
                name: "gateway_endpoint_permissions");

            migrationBuilder.DropTable(
                name: "gateway_model_definition_permissions");

            migrationBuilder.DropTable(
                name: "gateway_secret_permissions");

            migrationBuilder.DropTable(
                name: "gateway_usage");

            migrationBuilder.DropTable(
                name: "model_definitions");

            migrationBuilder.DropTable(
                name: "endpoints");

            migrationBuilder.DropTable(
                name: "secrets");
        }
    }
}
