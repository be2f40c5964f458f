using Workspaces.Data.Common;

namespace Workspaces.Tests.Unit.Data;

public sealed class WorkspaceNameValidatorTests
{
    [Theory]
    [InlineData("team-a")]
    [InlineData("ab")]
    [InlineData("123")]
    [InlineData("a1-b2")]
    public void Valid_names_pass(string name) => Assert.Null(WorkspaceNameValidator.Validate(name));

    [Fact]
    public void Sixty_three_characters_pass_and_sixty_four_fail()
    {
        Assert.Null(WorkspaceNameValidator.Validate(new string('a', 63)));
        Assert.Contains("must be between 2 and 63 characters", WorkspaceNameValidator.Validate(new string('a', 64))!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("t", "Workspace name 't' must be between 2 and 63 characters.")]
    [InlineData("Team-A", "Workspace name 'Team-A' must match the pattern ^(?!.*--)[a-z0-9]([-a-z0-9]*[a-z0-9])?$ (lowercase alphanumeric with optional internal hyphens).")]
    [InlineData("workspaces", "Workspace name 'workspaces' is reserved and cannot be used.")]
    public void Messages_are_mlflows(string name, string message) => Assert.Equal(message, WorkspaceNameValidator.Validate(name)!.Message);

    [Theory]
    [InlineData("team_a")]
    [InlineData("-team")]
    [InlineData("team-")]
    [InlineData("a--b")]
    [InlineData("team a")]
    [InlineData("team-a\n")]
    [InlineData("tëam")]
    public void Pattern_violations_fail(string name) =>
        Assert.Contains("must match the pattern", WorkspaceNameValidator.Validate(name)!.Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("workspaces")]
    [InlineData("api")]
    [InlineData("ajax-api")]
    [InlineData("static-files")]
    public void Reserved_names_fail(string name) =>
        Assert.Equal($"Workspace name '{name}' is reserved and cannot be used.", WorkspaceNameValidator.Validate(name)!.Message);

    [Fact]
    public void Default_is_acceptable_for_lookups_only() => Assert.Null(WorkspaceNameValidator.ValidateForLookup("default"));
}
