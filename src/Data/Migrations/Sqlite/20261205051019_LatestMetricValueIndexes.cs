using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workspaces.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LatestMetricValueIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "idx_latest_metrics_key_value",
                table: "latest_metrics",
                columns: new[] { "key", "is_nan", "value" });

            migrationBuilder.CreateIndex(
                name: "idx_latest_metrics_key_value_desc",
                table: "latest_metrics",
                columns: new[] { "key", "is_nan", "value" },
                descending: new[] { false, false, true });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "idx_latest_metrics_key_value",
                table: "latest_metrics");

            migrationBuilder.DropIndex(
                name: "idx_latest_metrics_key_value_desc",
                table: "latest_metrics");
        }
    }
}
