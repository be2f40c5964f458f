using Workspaces.Data.Store;

namespace Workspaces.Tests.Unit.Data;

/// <summary>
/// The two bulk-statement shapes of Oracle's MySQL provider that MariaDB refuses, as the provider lays them out, and
/// what they become. The API suites on MariaDB run them for real; these pin the text.
/// </summary>
public sealed class MySqlDmlRewriterTests
{
    [Fact]
    public void Update_with_a_joined_parent_becomes_a_comma_join_with_qualified_assignments()
    {
        const string sql = """
            UPDATE `runs` AS `r`
            SET `lifecycle_stage` = @p0,
                `deleted_time` = @p1
            FROM (
                SELECT `e`.`experiment_id`, `e`.`workspace`
                FROM `experiments` AS `e`
                WHERE `e`.`workspace` = @ws
            ) AS `e0`
            WHERE (`r`.`experiment_id` = `e0`.`experiment_id`) AND (`r`.`experiment_id` = 1)
            """;
        Assert.Equal("""
            UPDATE `runs` AS `r`, (
                SELECT `e`.`experiment_id`, `e`.`workspace`
                FROM `experiments` AS `e`
                WHERE `e`.`workspace` = @ws
            ) AS `e0`
            SET `r`.`lifecycle_stage` = @p0,
                `r`.`deleted_time` = @p1
            WHERE (`r`.`experiment_id` = `e0`.`experiment_id`) AND (`r`.`experiment_id` = 1)
            """.ReplaceLineEndings("\n"), MySqlDmlRewriter.Rewrite(sql.ReplaceLineEndings("\n")));
    }

    [Fact]
    public void Delete_with_an_alias_loses_it_and_reads_the_alias_as_the_table()
    {
        const string sql = """
            DELETE FROM `experiment_tags` AS `e`
            WHERE EXISTS (
                SELECT 1
                FROM `experiment_tags` AS `e0`
                WHERE (`e0`.`key` = @k) AND ((`e0`.`experiment_id` = `e`.`experiment_id`) AND (`e0`.`key` = `e`.`key`)))
            """;
        Assert.Equal("""
            DELETE FROM `experiment_tags`
            WHERE EXISTS (
                SELECT 1
                FROM `experiment_tags` AS `e0`
                WHERE (`e0`.`key` = @k) AND ((`e0`.`experiment_id` = `experiment_tags`.`experiment_id`) AND (`e0`.`key` = `experiment_tags`.`key`)))
            """.ReplaceLineEndings("\n"), MySqlDmlRewriter.Rewrite(sql.ReplaceLineEndings("\n")));
    }

    [Theory]
    [InlineData("UPDATE `runs` AS `r`\nSET `name` = @p0\nWHERE `r`.`run_uuid` = @p1")]
    [InlineData("DELETE FROM `runs`\nWHERE `run_uuid` = @p0")]
    [InlineData("INSERT INTO `runs` (`run_uuid`) VALUES (@p0)")]
    [InlineData("SELECT 1 FROM `runs` AS `r`")]
    public void Other_statements_are_left_alone(string sql) => Assert.Equal(sql, MySqlDmlRewriter.Rewrite(sql));
}
