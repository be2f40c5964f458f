using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workspaces.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddTraces : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "trace_info",
                columns: table => new
                {
                    request_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    experiment_id = table.Column<long>(type: "bigint", nullable: false),
                    timestamp_ms = table.Column<long>(type: "bigint", nullable: false),
                    execution_time_ms = table.Column<long>(type: "bigint", nullable: true),
                    status = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    client_request_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    request_preview = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    response_preview = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_trace_info", x => x.request_id);
                    table.ForeignKey(
                        name: "fk_trace_info_experiments_experiment_id",
                        column: x => x.experiment_id,
                        principalTable: "experiments",
                        principalColumn: "experiment_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assessments",
                columns: table => new
                {
                    assessment_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    trace_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: false),
                    assessment_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    value = table.Column<string>(type: "text", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true),
                    serialization_format = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    created_timestamp = table.Column<long>(type: "bigint", nullable: false),
                    last_updated_timestamp = table.Column<long>(type: "bigint", nullable: false),
                    source_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    source_id = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: true),
                    run_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    span_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    rationale = table.Column<string>(type: "text", nullable: true),
                    overrides = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    valid = table.Column<bool>(type: "boolean", nullable: false),
                    metadata = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assessments", x => x.assessment_id);
                    table.ForeignKey(
                        name: "fk_assessments_trace_info_trace_id",
                        column: x => x.trace_id,
                        principalTable: "trace_info",
                        principalColumn: "request_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "spans",
                columns: table => new
                {
                    trace_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    span_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    experiment_id = table.Column<long>(type: "bigint", nullable: false),
                    parent_span_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    name = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    type = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    status = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    start_time_unix_nano = table.Column<long>(type: "bigint", nullable: false),
                    end_time_unix_nano = table.Column<long>(type: "bigint", nullable: true),
                    content = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_spans", x => new { x.trace_id, x.span_id });
                    table.ForeignKey(
                        name: "fk_spans_trace_info_trace_id",
                        column: x => x.trace_id,
                        principalTable: "trace_info",
                        principalColumn: "request_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "trace_metrics",
                columns: table => new
                {
                    request_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    key = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: false),
                    value = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_trace_metrics", x => new { x.request_id, x.key });
                    table.ForeignKey(
                        name: "fk_trace_metrics_trace_info_request_id",
                        column: x => x.request_id,
                        principalTable: "trace_info",
                        principalColumn: "request_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "trace_request_metadata",
                columns: table => new
                {
                    request_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    key = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: false),
                    value = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_trace_request_metadata", x => new { x.request_id, x.key });
                    table.ForeignKey(
                        name: "fk_trace_request_metadata_trace_info_request_id",
                        column: x => x.request_id,
                        principalTable: "trace_info",
                        principalColumn: "request_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "trace_run_links",
                columns: table => new
                {
                    request_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    run_uuid = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_trace_run_links", x => new { x.request_id, x.run_uuid });
                    table.ForeignKey(
                        name: "fk_trace_run_links_runs_run_uuid",
                        column: x => x.run_uuid,
                        principalTable: "runs",
                        principalColumn: "run_uuid",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_trace_run_links_trace_info_request_id",
                        column: x => x.request_id,
                        principalTable: "trace_info",
                        principalColumn: "request_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "trace_tags",
                columns: table => new
                {
                    request_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    key = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: false),
                    value = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_trace_tags", x => new { x.request_id, x.key });
                    table.ForeignKey(
                        name: "fk_trace_tags_trace_info_request_id",
                        column: x => x.request_id,
                        principalTable: "trace_info",
                        principalColumn: "request_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "idx_assessments_trace_name",
                table: "assessments",
                columns: new[] { "trace_id", "name" });

            migrationBuilder.CreateIndex(
                name: "idx_trace_info_experiment_timestamp",
                table: "trace_info",
                columns: new[] { "experiment_id", "timestamp_ms", "request_id" });

            migrationBuilder.CreateIndex(
                name: "idx_trace_run_links_run",
                table: "trace_run_links",
                column: "run_uuid");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "assessments");

            migrationBuilder.DropTable(
                name: "spans");

            migrationBuilder.DropTable(
                name: "trace_metrics");

            migrationBuilder.DropTable(
                name: "trace_request_metadata");

            migrationBuilder.DropTable(
                name: "trace_run_links");

            migrationBuilder.DropTable(
                name: "trace_tags");

            migrationBuilder.DropTable(
                name: "trace_info");
        }
    }
}
