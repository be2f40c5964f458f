using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workspaces.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MetricsWithoutRunForeignKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_metrics_runs_run_uuid",
                table: "metrics");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddForeignKey(
                name: "fk_metrics_runs_run_uuid",
                table: "metrics",
                column: "run_uuid",
                principalTable: "runs",
                principalColumn: "run_uuid",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
