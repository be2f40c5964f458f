using Microsoft.EntityFrameworkCore.Migrations;
using MySql.EntityFrameworkCore.Metadata;

#nullable disable

namespace Workspaces.Data.Migrations.MySql
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "artifact_tombstones",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    uri = table.Column<string>(type: "text", maxLength: 2112, nullable: false),
                    workspace = table.Column<string>(type: "varchar(63)", maxLength: 63, nullable: false),
                    entity_type = table.Column<string>(type: "varchar(16)", maxLength: 16, nullable: false),
                    entity_id = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: false),
                    deleted_time = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_artifact_tombstones", x => x.id);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "audit_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    timestamp = table.Column<long>(type: "bigint", nullable: false),
                    actor = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false),
                    action = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: false),
                    target_type = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: false),
                    target = table.Column<string>(type: "varchar(512)", maxLength: 512, nullable: false),
                    workspace = table.Column<string>(type: "varchar(63)", maxLength: 63, nullable: true),
                    before = table.Column<string>(type: "longtext", nullable: true),
                    after = table.Column<string>(type: "longtext", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_events", x => x.id);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "login_attempts",
                columns: table => new
                {
                    key_hash = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: false),
                    failures = table.Column<int>(type: "int", nullable: false),
                    window_start = table.Column<long>(type: "bigint", nullable: false),
                    locked_until = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_login_attempts", x => x.key_hash);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    username = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false),
                    password_hash = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: true),
                    is_admin = table.Column<bool>(type: "tinyint(1)", nullable: false),
                    external_subject = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: true),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    last_workspace = table.Column<string>(type: "varchar(63)", maxLength: 63, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "workspaces",
                columns: table => new
                {
                    name = table.Column<string>(type: "varchar(63)", maxLength: 63, nullable: false),
                    description = table.Column<string>(type: "longtext", nullable: true),
                    default_artifact_root = table.Column<string>(type: "longtext", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workspaces", x => x.name);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "access_tokens",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "varchar(100)", maxLength: 100, nullable: false),
                    token_hash = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: false),
                    prefix = table.Column<string>(type: "varchar(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    expires_at = table.Column<long>(type: "bigint", nullable: true),
                    last_used_at = table.Column<long>(type: "bigint", nullable: true),
                    revoked_at = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_access_tokens", x => x.id);
                    table.ForeignKey(
                        name: "fk_access_tokens_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "user_sessions",
                columns: table => new
                {
                    id = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: false),
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    method = table.Column<string>(type: "varchar(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    last_seen_at = table.Column<long>(type: "bigint", nullable: false),
                    expires_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_sessions", x => x.id);
                    table.ForeignKey(
                        name: "fk_user_sessions_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "endpoints",
                columns: table => new
                {
                    endpoint_id = table.Column<string>(type: "varchar(36)", maxLength: 36, nullable: false),
                    name = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    last_updated_at = table.Column<long>(type: "bigint", nullable: false),
                    created_by = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: true),
                    last_updated_by = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: true),
                    routing_strategy = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: true),
                    fallback_config_json = table.Column<string>(type: "varchar(500)", maxLength: 500, nullable: true),
                    experiment_id = table.Column<long>(type: "bigint", nullable: true),
                    usage_tracking = table.Column<bool>(type: "tinyint(1)", nullable: false),
                    workspace = table.Column<string>(type: "varchar(63)", maxLength: 63, nullable: false)
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
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "experiments",
                columns: table => new
                {
                    experiment_id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    name = table.Column<string>(type: "varchar(500)", maxLength: 500, nullable: false),
                    artifact_location = table.Column<string>(type: "text", maxLength: 2048, nullable: true),
                    lifecycle_stage = table.Column<string>(type: "varchar(32)", maxLength: 32, nullable: false),
                    creation_time = table.Column<long>(type: "bigint", nullable: true),
                    last_update_time = table.Column<long>(type: "bigint", nullable: true),
                    workspace = table.Column<string>(type: "varchar(63)", maxLength: 63, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_experiments", x => x.experiment_id);
                    table.ForeignKey(
                        name: "fk_experiments_workspaces_workspace",
                        column: x => x.workspace,
                        principalTable: "workspaces",
                        principalColumn: "name",
                        onDelete: ReferentialAction.Restrict);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "registered_models",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    name = table.Column<string>(type: "varchar(256)", maxLength: 256, nullable: false),
                    workspace = table.Column<string>(type: "varchar(63)", maxLength: 63, nullable: false),
                    creation_timestamp = table.Column<long>(type: "bigint", nullable: false),
                    last_updated_timestamp = table.Column<long>(type: "bigint", nullable: false),
                    description = table.Column<string>(type: "longtext", nullable: true)
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
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "secrets",
                columns: table => new
                {
                    secret_id = table.Column<string>(type: "varchar(36)", maxLength: 36, nullable: false),
                    secret_name = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false),
                    encrypted_value = table.Column<byte[]>(type: "longblob", nullable: false),
                    wrapped_dek = table.Column<byte[]>(type: "longblob", nullable: false),
                    kek_version = table.Column<int>(type: "int", nullable: false),
                    masked_value = table.Column<string>(type: "text", maxLength: 5000, nullable: false),
                    provider = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: true),
                    auth_config = table.Column<string>(type: "text", maxLength: 5000, nullable: true),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    last_updated_at = table.Column<long>(type: "bigint", nullable: false),
                    created_by = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: true),
                    last_updated_by = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: true),
                    workspace = table.Column<string>(type: "varchar(63)", maxLength: 63, nullable: false)
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
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "workspace_permissions",
                columns: table => new
                {
                    workspace = table.Column<string>(type: "varchar(63)", maxLength: 63, nullable: false),
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    permission = table.Column<string>(type: "varchar(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workspace_permissions", x => new { x.workspace, x.user_id });
                    table.ForeignKey(
                        name: "fk_workspace_permissions_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_workspace_permissions_workspaces_workspace",
                        column: x => x.workspace,
                        principalTable: "workspaces",
                        principalColumn: "name",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "endpoint_bindings",
                columns: table => new
                {
                    endpoint_id = table.Column<string>(type: "varchar(36)", nullable: false),
                    resource_type = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: false),
                    resource_id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    last_updated_at = table.Column<long>(type: "bigint", nullable: false),
                    created_by = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: true),
                    last_updated_by = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: true),
                    display_name = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: true)
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
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "endpoint_tags",
                columns: table => new
                {
                    endpoint_id = table.Column<string>(type: "varchar(36)", nullable: false),
                    key = table.Column<string>(type: "varchar(250)", maxLength: 250, nullable: false),
                    value = table.Column<string>(type: "text", maxLength: 5000, nullable: true)
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
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "gateway_endpoint_permissions",
                columns: table => new
                {
                    endpoint_id = table.Column<string>(type: "varchar(36)", nullable: false),
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    permission = table.Column<string>(type: "varchar(32)", maxLength: 32, nullable: false)
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
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "gateway_usage",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySQL:ValueGenerationStrategy", MySQLValueGenerationStrategy.IdentityColumn),
                    endpoint_id = table.Column<string>(type: "varchar(36)", nullable: false),
                    model_definition_id = table.Column<string>(type: "varchar(36)", maxLength: 36, nullable: true),
                    caller = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: true),
                    timestamp = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<int>(type: "int", nullable: false),
                    latency_ms = table.Column<long>(type: "bigint", nullable: false),
                    prompt_tokens = table.Column<int>(type: "int", nullable: true),
                    completion_tokens = table.Column<int>(type: "int", nullable: true)
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
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "datasets",
                columns: table => new
                {
                    dataset_uuid = table.Column<string>(type: "varchar(36)", maxLength: 36, nullable: false),
                    experiment_id = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "varchar(500)", maxLength: 500, nullable: false),
                    digest = table.Column<string>(type: "varchar(36)", maxLength: 36, nullable: false),
                    source_type = table.Column<string>(type: "varchar(36)", maxLength: 36, nullable: false),
                    source = table.Column<string>(type: "longtext", nullable: false),
                    schema = table.Column<string>(type: "longtext", nullable: true),
                    profile = table.Column<string>(type: "longtext", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_datasets", x => x.dataset_uuid);
                    table.ForeignKey(
                        name: "fk_datasets_experiments_experiment_id",
                        column: x => x.experiment_id,
                        principalTable: "experiments",
                        principalColumn: "experiment_id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "experiment_permissions",
                columns: table => new
                {
                    experiment_id = table.Column<long>(type: "bigint", nullable: false),
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    permission = table.Column<string>(type: "varchar(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_experiment_permissions", x => new { x.experiment_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_experiment_permissions_experiments_experiment_id",
                        column: x => x.experiment_id,
                        principalTable: "experiments",
                        principalColumn: "experiment_id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_experiment_permissions_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "experiment_tags",
                columns: table => new
                {
                    key = table.Column<string>(type: "varchar(250)", maxLength: 250, nullable: false),
                    experiment_id = table.Column<long>(type: "bigint", nullable: false),
                    value = table.Column<string>(type: "text", maxLength: 5000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_experiment_tags", x => new { x.experiment_id, x.key });
                    table.ForeignKey(
                        name: "fk_experiment_tags_experiments_experiment_id",
                        column: x => x.experiment_id,
                        principalTable: "experiments",
                        principalColumn: "experiment_id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "logged_models",
                columns: table => new
                {
                    model_id = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: false),
                    experiment_id = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "varchar(500)", maxLength: 500, nullable: false),
                    artifact_location = table.Column<string>(type: "text", maxLength: 2112, nullable: true),
                    creation_timestamp_ms = table.Column<long>(type: "bigint", nullable: false),
                    last_updated_timestamp_ms = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<string>(type: "varchar(40)", maxLength: 40, nullable: false),
                    lifecycle_stage = table.Column<string>(type: "varchar(20)", maxLength: 20, nullable: false),
                    model_type = table.Column<string>(type: "varchar(500)", maxLength: 500, nullable: true),
                    source_run_id = table.Column<string>(type: "varchar(32)", maxLength: 32, nullable: true),
                    status_message = table.Column<string>(type: "longtext", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_logged_models", x => x.model_id);
                    table.ForeignKey(
                        name: "fk_logged_models_experiments_experiment_id",
                        column: x => x.experiment_id,
                        principalTable: "experiments",
                        principalColumn: "experiment_id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "runs",
                columns: table => new
                {
                    run_uuid = table.Column<string>(type: "varchar(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "varchar(250)", maxLength: 250, nullable: true),
                    user_id = table.Column<string>(type: "varchar(256)", maxLength: 256, nullable: true),
                    status = table.Column<string>(type: "varchar(9)", maxLength: 9, nullable: false),
                    start_time = table.Column<long>(type: "bigint", nullable: false),
                    end_time = table.Column<long>(type: "bigint", nullable: true),
                    deleted_time = table.Column<long>(type: "bigint", nullable: true),
                    lifecycle_stage = table.Column<string>(type: "varchar(20)", maxLength: 20, nullable: false),
                    artifact_uri = table.Column<string>(type: "text", maxLength: 2112, nullable: true),
                    experiment_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_runs", x => x.run_uuid);
                    table.ForeignKey(
                        name: "fk_runs_experiments_experiment_id",
                        column: x => x.experiment_id,
                        principalTable: "experiments",
                        principalColumn: "experiment_id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "model_versions",
                columns: table => new
                {
                    registered_model_id = table.Column<long>(type: "bigint", nullable: false),
                    version = table.Column<int>(type: "int", nullable: false),
                    creation_timestamp = table.Column<long>(type: "bigint", nullable: false),
                    last_updated_timestamp = table.Column<long>(type: "bigint", nullable: false),
                    description = table.Column<string>(type: "longtext", nullable: true),
                    user_id = table.Column<string>(type: "varchar(256)", maxLength: 256, nullable: true),
                    current_stage = table.Column<string>(type: "varchar(20)", maxLength: 20, nullable: false),
                    source = table.Column<string>(type: "longtext", nullable: true),
                    storage_location = table.Column<string>(type: "longtext", nullable: true),
                    run_id = table.Column<string>(type: "varchar(32)", maxLength: 32, nullable: true),
                    status = table.Column<string>(type: "varchar(20)", maxLength: 20, nullable: false),
                    status_message = table.Column<string>(type: "varchar(500)", maxLength: 500, nullable: true),
                    run_link = table.Column<string>(type: "varchar(500)", maxLength: 500, nullable: true),
                    model_id = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: true)
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
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "registered_model_aliases",
                columns: table => new
                {
                    registered_model_id = table.Column<long>(type: "bigint", nullable: false),
                    alias = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false),
                    version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_registered_model_aliases", x => new { x.registered_model_id, x.alias });
                    table.ForeignKey(
                        name: "fk_registered_model_aliases_registered_models_registered_model_",
                        column: x => x.registered_model_id,
                        principalTable: "registered_models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "registered_model_permissions",
                columns: table => new
                {
                    registered_model_id = table.Column<long>(type: "bigint", nullable: false),
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    permission = table.Column<string>(type: "varchar(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_registered_model_permissions", x => new { x.registered_model_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_registered_model_permissions_registered_models_registered_mo",
                        column: x => x.registered_model_id,
                        principalTable: "registered_models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_registered_model_permissions_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "registered_model_tags",
                columns: table => new
                {
                    registered_model_id = table.Column<long>(type: "bigint", nullable: false),
                    key = table.Column<string>(type: "varchar(250)", maxLength: 250, nullable: false),
                    value = table.Column<string>(type: "longtext", nullable: true)
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
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "gateway_secret_permissions",
                columns: table => new
                {
                    secret_id = table.Column<string>(type: "varchar(36)", nullable: false),
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    permission = table.Column<string>(type: "varchar(32)", maxLength: 32, nullable: false)
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
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "model_definitions",
                columns: table => new
                {
                    model_definition_id = table.Column<string>(type: "varchar(36)", maxLength: 36, nullable: false),
                    name = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false),
                    secret_id = table.Column<string>(type: "varchar(36)", nullable: true),
                    provider = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: false),
                    model_name = table.Column<string>(type: "varchar(256)", maxLength: 256, nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    last_updated_at = table.Column<long>(type: "bigint", nullable: false),
                    created_by = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: true),
                    last_updated_by = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: true),
                    workspace = table.Column<string>(type: "varchar(63)", maxLength: 63, nullable: false)
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
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "logged_model_params",
                columns: table => new
                {
                    model_id = table.Column<string>(type: "varchar(64)", nullable: false),
                    key = table.Column<string>(type: "varchar(250)", maxLength: 250, nullable: false),
                    value = table.Column<string>(type: "text", maxLength: 6000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_logged_model_params", x => new { x.model_id, x.key });
                    table.ForeignKey(
                        name: "fk_logged_model_params_logged_models_model_id",
                        column: x => x.model_id,
                        principalTable: "logged_models",
                        principalColumn: "model_id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "logged_model_tags",
                columns: table => new
                {
                    model_id = table.Column<string>(type: "varchar(64)", nullable: false),
                    key = table.Column<string>(type: "varchar(250)", maxLength: 250, nullable: false),
                    value = table.Column<string>(type: "text", maxLength: 8000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_logged_model_tags", x => new { x.model_id, x.key });
                    table.ForeignKey(
                        name: "fk_logged_model_tags_logged_models_model_id",
                        column: x => x.model_id,
                        principalTable: "logged_models",
                        principalColumn: "model_id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "latest_metrics",
                columns: table => new
                {
                    run_uuid = table.Column<string>(type: "varchar(32)", nullable: false),
                    key = table.Column<string>(type: "varchar(250)", maxLength: 250, nullable: false),
                    value = table.Column<double>(type: "double", nullable: false),
                    timestamp = table.Column<long>(type: "bigint", nullable: false),
                    step = table.Column<long>(type: "bigint", nullable: false),
                    is_nan = table.Column<bool>(type: "tinyint(1)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_latest_metrics", x => new { x.run_uuid, x.key });
                    table.ForeignKey(
                        name: "fk_latest_metrics_runs_run_uuid",
                        column: x => x.run_uuid,
                        principalTable: "runs",
                        principalColumn: "run_uuid",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "metrics",
                columns: table => new
                {
                    run_uuid = table.Column<string>(type: "varchar(32)", nullable: false),
                    key = table.Column<string>(type: "varchar(250)", maxLength: 250, nullable: false),
                    value = table.Column<double>(type: "double", nullable: false),
                    timestamp = table.Column<long>(type: "bigint", nullable: false),
                    step = table.Column<long>(type: "bigint", nullable: false),
                    is_nan = table.Column<bool>(type: "tinyint(1)", nullable: false),
                    model_id = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: true),
                    dataset_name = table.Column<string>(type: "varchar(500)", maxLength: 500, nullable: true),
                    dataset_digest = table.Column<string>(type: "varchar(36)", maxLength: 36, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_metrics", x => new { x.run_uuid, x.key, x.step, x.timestamp, x.value, x.is_nan });
                    table.ForeignKey(
                        name: "fk_metrics_runs_run_uuid",
                        column: x => x.run_uuid,
                        principalTable: "runs",
                        principalColumn: "run_uuid",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "params",
                columns: table => new
                {
                    run_uuid = table.Column<string>(type: "varchar(32)", nullable: false),
                    key = table.Column<string>(type: "varchar(250)", maxLength: 250, nullable: false),
                    value = table.Column<string>(type: "text", maxLength: 6000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_params", x => new { x.run_uuid, x.key });
                    table.ForeignKey(
                        name: "fk_params_runs_run_uuid",
                        column: x => x.run_uuid,
                        principalTable: "runs",
                        principalColumn: "run_uuid",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "run_dataset_inputs",
                columns: table => new
                {
                    run_uuid = table.Column<string>(type: "varchar(32)", nullable: false),
                    dataset_uuid = table.Column<string>(type: "varchar(36)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_run_dataset_inputs", x => new { x.run_uuid, x.dataset_uuid });
                    table.ForeignKey(
                        name: "fk_run_dataset_inputs_datasets_dataset_uuid",
                        column: x => x.dataset_uuid,
                        principalTable: "datasets",
                        principalColumn: "dataset_uuid",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_run_dataset_inputs_runs_run_uuid",
                        column: x => x.run_uuid,
                        principalTable: "runs",
                        principalColumn: "run_uuid",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "run_model_links",
                columns: table => new
                {
                    run_uuid = table.Column<string>(type: "varchar(32)", nullable: false),
                    model_id = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: false),
                    direction = table.Column<string>(type: "varchar(8)", maxLength: 8, nullable: false),
                    step = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_run_model_links", x => new { x.run_uuid, x.model_id, x.direction });
                    table.ForeignKey(
                        name: "fk_run_model_links_runs_run_uuid",
                        column: x => x.run_uuid,
                        principalTable: "runs",
                        principalColumn: "run_uuid",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "tags",
                columns: table => new
                {
                    run_uuid = table.Column<string>(type: "varchar(32)", nullable: false),
                    key = table.Column<string>(type: "varchar(250)", maxLength: 250, nullable: false),
                    value = table.Column<string>(type: "text", maxLength: 8000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tags", x => new { x.run_uuid, x.key });
                    table.ForeignKey(
                        name: "fk_tags_runs_run_uuid",
                        column: x => x.run_uuid,
                        principalTable: "runs",
                        principalColumn: "run_uuid",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "model_version_tags",
                columns: table => new
                {
                    registered_model_id = table.Column<long>(type: "bigint", nullable: false),
                    version = table.Column<int>(type: "int", nullable: false),
                    key = table.Column<string>(type: "varchar(250)", maxLength: 250, nullable: false),
                    value = table.Column<string>(type: "longtext", nullable: true)
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
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "endpoint_model_mappings",
                columns: table => new
                {
                    mapping_id = table.Column<string>(type: "varchar(36)", maxLength: 36, nullable: false),
                    endpoint_id = table.Column<string>(type: "varchar(36)", nullable: false),
                    model_definition_id = table.Column<string>(type: "varchar(36)", nullable: false),
                    weight = table.Column<double>(type: "double", nullable: false),
                    linkage_type = table.Column<string>(type: "varchar(16)", maxLength: 16, nullable: false),
                    fallback_order = table.Column<int>(type: "int", nullable: true),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    created_by = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: true)
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
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "gateway_model_definition_permissions",
                columns: table => new
                {
                    model_definition_id = table.Column<string>(type: "varchar(36)", nullable: false),
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    permission = table.Column<string>(type: "varchar(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_gateway_model_definition_permissions", x => new { x.model_definition_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_gateway_model_definition_permissions_model_definitions_model",
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
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "input_tags",
                columns: table => new
                {
                    run_uuid = table.Column<string>(type: "varchar(32)", nullable: false),
                    dataset_uuid = table.Column<string>(type: "varchar(36)", nullable: false),
                    key = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false),
                    value = table.Column<string>(type: "varchar(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_input_tags", x => new { x.run_uuid, x.dataset_uuid, x.key });
                    table.ForeignKey(
                        name: "fk_input_tags_run_dataset_inputs_run_uuid_dataset_uuid",
                        columns: x => new { x.run_uuid, x.dataset_uuid },
                        principalTable: "run_dataset_inputs",
                        principalColumns: new[] { "run_uuid", "dataset_uuid" },
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.InsertData(
                table: "workspaces",
                columns: new[] { "name", "default_artifact_root", "description" },
                values: new object[] { "default", null, "Default workspace for legacy resources" });

            migrationBuilder.CreateIndex(
                name: "ix_access_tokens_user_id",
                table: "access_tokens",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "uq_access_tokens_hash",
                table: "access_tokens",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_artifact_tombstones_deleted_time",
                table: "artifact_tombstones",
                column: "deleted_time");

            migrationBuilder.CreateIndex(
                name: "idx_audit_events_timestamp",
                table: "audit_events",
                column: "timestamp");

            migrationBuilder.CreateIndex(
                name: "idx_audit_events_workspace_timestamp",
                table: "audit_events",
                columns: new[] { "workspace", "timestamp" });

            migrationBuilder.CreateIndex(
                name: "uq_datasets_experiment_name_digest",
                table: "datasets",
                columns: new[] { "experiment_id", "name", "digest" },
                unique: true);

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
                name: "idx_experiment_permissions_user_id",
                table: "experiment_permissions",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "idx_experiments_workspace_creation_time",
                table: "experiments",
                columns: new[] { "workspace", "creation_time" });

            migrationBuilder.CreateIndex(
                name: "uq_experiments_workspace_name",
                table: "experiments",
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
                name: "idx_latest_metrics_key_run",
                table: "latest_metrics",
                columns: new[] { "key", "run_uuid" });

            migrationBuilder.CreateIndex(
                name: "idx_logged_models_experiment_created",
                table: "logged_models",
                columns: new[] { "experiment_id", "creation_timestamp_ms" });

            migrationBuilder.CreateIndex(
                name: "idx_metrics_model_key",
                table: "metrics",
                columns: new[] { "model_id", "key" });

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
                name: "idx_model_versions_run_id",
                table: "model_versions",
                column: "run_id");

            migrationBuilder.CreateIndex(
                name: "idx_registered_model_permissions_user_id",
                table: "registered_model_permissions",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "uq_registered_models_workspace_name",
                table: "registered_models",
                columns: new[] { "workspace", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_run_dataset_inputs_dataset",
                table: "run_dataset_inputs",
                column: "dataset_uuid");

            migrationBuilder.CreateIndex(
                name: "idx_runs_experiment_stage_start",
                table: "runs",
                columns: new[] { "experiment_id", "lifecycle_stage", "start_time", "run_uuid" });

            migrationBuilder.CreateIndex(
                name: "uq_secrets_workspace_secret_name",
                table: "secrets",
                columns: new[] { "workspace", "secret_name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_user_sessions_expires_at",
                table: "user_sessions",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "idx_user_sessions_user_id",
                table: "user_sessions",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "uq_users_external_subject",
                table: "users",
                column: "external_subject",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "uq_users_username",
                table: "users",
                column: "username",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_workspace_permissions_user_id",
                table: "workspace_permissions",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "access_tokens");

            migrationBuilder.DropTable(
                name: "artifact_tombstones");

            migrationBuilder.DropTable(
                name: "audit_events");

            migrationBuilder.DropTable(
                name: "endpoint_bindings");

            migrationBuilder.DropTable(
                name: "endpoint_model_mappings");

            migrationBuilder.DropTable(
                name: "endpoint_tags");

            migrationBuilder.DropTable(
                name: "experiment_permissions");

            migrationBuilder.DropTable(
                name: "experiment_tags");

            migrationBuilder.DropTable(
                name: "gateway_endpoint_permissions");

            migrationBuilder.DropTable(
                name: "gateway_model_definition_permissions");

            migrationBuilder.DropTable(
                name: "gateway_secret_permissions");

            migrationBuilder.DropTable(
                name: "gateway_usage");

            migrationBuilder.DropTable(
                name: "input_tags");

            migrationBuilder.DropTable(
                name: "latest_metrics");

            migrationBuilder.DropTable(
                name: "logged_model_params");

            migrationBuilder.DropTable(
                name: "logged_model_tags");

            migrationBuilder.DropTable(
                name: "login_attempts");

            migrationBuilder.DropTable(
                name: "metrics");

            migrationBuilder.DropTable(
                name: "model_version_tags");

            migrationBuilder.DropTable(
                name: "params");

            migrationBuilder.DropTable(
                name: "registered_model_aliases");

            migrationBuilder.DropTable(
                name: "registered_model_permissions");

            migrationBuilder.DropTable(
                name: "registered_model_tags");

            migrationBuilder.DropTable(
                name: "run_model_links");

            migrationBuilder.DropTable(
                name: "tags");

            migrationBuilder.DropTable(
                name: "user_sessions");

            migrationBuilder.DropTable(
                name: "workspace_permissions");

            migrationBuilder.DropTable(
                name: "model_definitions");

            migrationBuilder.DropTable(
                name: "endpoints");

            migrationBuilder.DropTable(
                name: "run_dataset_inputs");

            migrationBuilder.DropTable(
                name: "logged_models");

            migrationBuilder.DropTable(
                name: "model_versions");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "secrets");

            migrationBuilder.DropTable(
                name: "datasets");

            migrationBuilder.DropTable(
                name: "runs");

            migrationBuilder.DropTable(
                name: "registered_models");

            migrationBuilder.DropTable(
                name: "experiments");

            migrationBuilder.DropTable(
                name: "workspaces");
        }
    }
}
