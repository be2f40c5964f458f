using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workspaces.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Tracking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "datasets",
                columns: table => new
                {
                    dataset_uuid = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    experiment_id = table.Column<long>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    digest = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    source_type = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    source = table.Column<string>(type: "TEXT", nullable: false),
                    schema = table.Column<string>(type: "TEXT", nullable: true),
                    profile = table.Column<string>(type: "TEXT", nullable: true)
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
                });

            migrationBuilder.CreateTable(
                name: "logged_models",
                columns: table => new
                {
                    model_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    experiment_id = table.Column<long>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    artifact_location = table.Column<string>(type: "TEXT", maxLength: 2112, nullable: true),
                    creation_timestamp_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    last_updated_timestamp_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    lifecycle_stage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    model_type = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    source_run_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    status_message = table.Column<string>(type: "TEXT", nullable: true)
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
                });

            migrationBuilder.CreateTable(
                name: "runs",
                columns: table => new
                {
                    run_uuid = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 250, nullable: true),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    start_time = table.Column<long>(type: "INTEGER", nullable: false),
                    end_time = table.Column<long>(type: "INTEGER", nullable: true),
                    deleted_time = table.Column<long>(type: "INTEGER", nullable: true),
                    lifecycle_stage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    artifact_uri = table.Column<string>(type: "TEXT", maxLength: 2112, nullable: true),
                    experiment_id = table.Column<long>(type: "INTEGER", nullable: false)
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
                });

            migrationBuilder.CreateTable(
                name: "logged_model_params",
                columns: table => new
                {
                    model_id = table.Column<string>(type: "TEXT", nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    value = table.Column<string>(type: "TEXT", maxLength: 6000, nullable: true)
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
                });

            migrationBuilder.CreateTable(
                name: "logged_model_tags",
                columns: table => new
                {
                    model_id = table.Column<string>(type: "TEXT", nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    value = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true)
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
                });

            migrationBuilder.CreateTable(
                name: "latest_metrics",
                columns: table => new
                {
                    run_uuid = table.Column<string>(type: "TEXT", nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    value = table.Column<double>(type: "REAL", nullable: false),
                    timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    step = table.Column<long>(type: "INTEGER", nullable: false),
                    is_nan = table.Column<bool>(type: "INTEGER", nullable: false)
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
                });

            migrationBuilder.CreateTable(
                name: "metrics",
                columns: table => new
                {
                    run_uuid = table.Column<string>(type: "TEXT", nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    value = table.Column<double>(type: "REAL", nullable: false),
                    timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    step = table.Column<long>(type: "INTEGER", nullable: false),
                    is_nan = table.Column<bool>(type: "INTEGER", nullable: false),
                    model_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    dataset_name = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    dataset_digest = table.Column<string>(type: "TEXT", maxLength: 36, nullable: true)
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
                });

            migrationBuilder.CreateTable(
                name: "params",
                columns: table => new
                {
                    run_uuid = table.Column<string>(type: "TEXT", nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    value = table.Column<string>(type: "TEXT", maxLength: 6000, nullable: false)
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
                });

            migrationBuilder.CreateTable(
                name: "run_dataset_inputs",
                columns: table => new
                {
                    run_uuid = table.Column<string>(type: "TEXT", nullable: false),
                    dataset_uuid = table.Column<string>(type: "TEXT", nullable: false)
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
                });

            migrationBuilder.CreateTable(
                name: "run_model_links",
                columns: table => new
                {
                    run_uuid = table.Column<string>(type: "TEXT", nullable: false),
                    model_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    direction = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    step = table.Column<long>(type: "INTEGER", nullable: false)
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
                });

            migrationBuilder.CreateTable(
                name: "tags",
                columns: table => new
                {
                    run_uuid = table.Column<string>(type: "TEXT", nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    value = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true)
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
                });

            migrationBuilder.CreateTable(
                name: "input_tags",
                columns: table => new
                {
                    run_uuid = table.Column<string>(type: "TEXT", nullable: false),
                    dataset_uuid = table.Column<string>(type: "TEXT", nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    value = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
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
                });

            migrationBuilder.CreateIndex(
                name: "uq_datasets_experiment_name_digest",
                table: "datasets",
                columns: new[] { "experiment_id", "name", "digest" },
                unique: true);

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
                columns: new[] { "model_id", "key" },
                filter: "model_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "idx_run_dataset_inputs_dataset",
                table: "run_dataset_inputs",
                column: "dataset_uuid");

            migrationBuilder.CreateIndex(
                name: "idx_runs_experiment_stage_start",
                table: "runs",
                columns: new[] { "experiment_id", "lifecycle_stage", "start_time", "run_uuid" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "input_tags");

            migrationBuilder.DropTable(
                name: "latest_metrics");

            migrationBuilder.DropTable(
                name: "logged_model_params");

            migrationBuilder.DropTable(
                name: "logged_model_tags");

            migrationBuilder.DropTable(
                name: "metrics");

            migrationBuilder.DropTable(
                name: "params");

            migrationBuilder.DropTable(
                name: "run_model_links");

            migrationBuilder.DropTable(
                name: "tags");

            migrationBuilder.DropTable(
                name: "run_dataset_inputs");

            migrationBuilder.DropTable(
                name: "logged_models");

            migrationBuilder.DropTable(
                name: "datasets");

            migrationBuilder.DropTable(
                name: "runs");
        }
    }
}
