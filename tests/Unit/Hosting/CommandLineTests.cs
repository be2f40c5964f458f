using System.Collections;
using Workspaces.Web.Hosting;

namespace Workspaces.Tests.Unit.Hosting;

public sealed class CommandLineTests
{
    [Fact]
    public void Mlflow_flags_map_to_configuration_keys()
    {
        var parsed = CommandLine.Parse(["server", "--backend-store-uri", "sqlite:///x.db", "--default-artifact-root=s3://b/p", "--no-serve-artifacts",
            "--artifacts-destination", "/data/art", "--disable-workspaces", "-h", "0.0.0.0", "-p", "5001", "--app-name", "basic-auth"]);
        var serve = Assert.IsType<ServeCommand>(parsed.Value);
        Assert.Equal("sqlite:///x.db", serve.Settings["Server:BackendStoreUri"]);
        Assert.Equal("s3://b/p", serve.Settings["Server:DefaultArtifactRoot"]);
        Assert.Equal("false", serve.Settings["Server:ServeArtifacts"]);
        Assert.Equal("/data/art", serve.Settings["Server:ArtifactsDestination"]);
        Assert.Equal("false", serve.Settings["Server:EnableWorkspaces"]);
        Assert.Equal("0.0.0.0", serve.Settings["Server:Host"]);
        Assert.Equal("5001", serve.Settings["Server:Port"]);
        Assert.Equal("true", serve.Settings["Auth:Enabled"]);
    }

    [Fact]
    public void Key_value_arguments_pass_through_to_aspnet_configuration()
    {
        var serve = Assert.IsType<ServeCommand>(CommandLine.Parse(["--Server:MaxRequestBodyBytes=2048", "--environment=Development"]).Value);
        Assert.Equal(["--Server:MaxRequestBodyBytes=2048", "--environment=Development"], serve.HostArgs);
    }

    [Fact]
    public void Db_upgrade_takes_a_store_uri() =>
        Assert.Equal(new DbUpgradeCommand("postgresql://u@h/db"), CommandLine.Parse(["db", "upgrade", "postgresql://u@h/db"]).Value);

    [Theory]
    [InlineData("--port", "0")]
    [InlineData("--port", "70000")]
    [InlineData("--port", "-1")]
    public void Out_of_range_ports_are_refused(string flag, string value) =>
        Assert.StartsWith("Invalid port", CommandLine.Parse([flag, value]).Error!.Message, StringComparison.Ordinal);

    [Fact]
    public void A_flag_without_its_value_is_refused() =>
        Assert.Equal("Option '--host' needs a value. Run with --help for the options.", CommandLine.Parse(["--host"]).Error!.Message);

    [Fact]
    public void Environment_booleans_accept_clicks_spellings()
    {
        var read = MlflowEnvironment.Read(new Hashtable { ["MLFLOW_SERVE_ARTIFACTS"] = "0", ["MLFLOW_ENABLE_WORKSPACES"] = "Yes", ["MLFLOW_PORT"] = "5005" });
        Assert.Equal("false", read.Value["Server:ServeArtifacts"]);
        Assert.Equal("true", read.Value["Server:EnableWorkspaces"]);
        Assert.Equal("5005", read.Value["Server:Port"]);
    }
}
