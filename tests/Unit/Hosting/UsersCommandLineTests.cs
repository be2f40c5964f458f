using Workspaces.Web.Hosting;

namespace Workspaces.Tests.Unit.Hosting;

/// <summary><c>users set-password</c> parsing: the password never comes from the command line (issue: security §2).</summary>
public sealed class UsersCommandLineTests
{
    [Fact]
    public void Set_password_takes_a_username_and_the_servers_store_options()
    {
        var parsed = CommandLine.Parse(["users", "set-password", "admin", "--backend-store-uri", "sqlite:///x.db", "--port", "5001", "--Auth:Enabled=true"]);
        var command = Assert.IsType<SetPasswordCommand>(parsed.Value);
        Assert.Equal("admin", command.Username);
        Assert.Equal("sqlite:///x.db", command.Settings["Server:BackendStoreUri"]);
        Assert.Equal(["--Auth:Enabled=true"], command.HostArgs);
    }

    [Theory]
    [InlineData("users", "set-password", "admin", "hunter2-secret-pw")]
    [InlineData("users", "set-password", "admin", "--password", "hunter2-secret-pw")]
    [InlineData("users", "set-password", "admin", "--password=hunter2-secret-pw")]
    [InlineData("users", "set-password", "admin", "--port", "5001", "hunter2-secret-pw")]
    [InlineData("users", "set-password", "admin", "--backend-store-uri=sqlite:///x.db", "hunter2-secret-pw")]
    public void A_password_on_the_command_line_is_refused_without_echoing_it(params string[] args)
    {
        var parsed = CommandLine.Parse(args);
        Assert.False(parsed.IsSuccess);
        Assert.Contains("MLFLOW_NEW_PASSWORD", parsed.Error!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", parsed.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("users")]
    [InlineData("users", "set-password")]
    [InlineData("users", "delete", "admin")]
    [InlineData("users", "set-password", "--port", "5001")]
    public void Incomplete_commands_print_the_usage(params string[] args) =>
        Assert.StartsWith("Usage: users set-password <username>", CommandLine.Parse(args).Error!.Message, StringComparison.Ordinal);

    [Fact]
    public void Help_is_help_and_mentions_the_command()
    {
        Assert.IsType<HelpCommand>(CommandLine.Parse(["users", "set-password", "admin", "--help"]).Value);
        Assert.IsType<HelpCommand>(CommandLine.Parse(["users", "--help"]).Value);
        Assert.Contains("users set-password <username>", CommandLine.Usage, StringComparison.Ordinal);
    }

    [Fact]
    public void Piped_input_gives_its_first_line()
    {
        Assert.Equal("from-stdin-password", UserPasswordReset.ReadLine(new StringReader("from-stdin-password\nsecond line\n")));
        Assert.Equal("with trailing cr", UserPasswordReset.ReadLine(new StringReader("with trailing cr\r\n")));
        Assert.Null(UserPasswordReset.ReadLine(new StringReader("")));
        Assert.Null(UserPasswordReset.ReadLine(new StringReader("\n")));
    }
}
