using Workspaces.Data.Maintenance;

namespace Workspaces.Tests.Unit.Maintenance;

/// <summary><c>--older-than</c> parsed as MLflow parses it (int(timedelta(...).total_seconds() * 1000)).</summary>
public sealed class GcAgeTests
{
    [Theory]
    [InlineData("30d", 2_592_000_000L)]
    [InlineData("8h", 28_800_000L)]
    [InlineData("2m4s", 124_000L)]
    [InlineData("2d8h5m20s", 201_920_000L)]
    [InlineData("1d2h3m4s", 93_784_000L)]
    [InlineData("1.2d3h4m5s", 114_725_000L)]
    [InlineData("1.5h", 5_400_000L)]
    [InlineData(".5d", 43_200_000L)]
    [InlineData("0s", 0L)]
    [InlineData("", 0L)]
    public void Valid_forms_give_milliseconds(string value, long expected) => Assert.Equal(expected, GcAge.Parse(value).Value);

    [Theory]
    [InlineData("30")]
    [InlineData("2h1d")]
    [InlineData("1w")]
    [InlineData("-1d")]
    [InlineData("30D")]
    [InlineData("1 d")]
    [InlineData("d")]
    [InlineData("1.2.3d")]
    [InlineData(".d")]
    [InlineData("99999999999d")]
    public void Invalid_forms_get_mlflows_message(string value) =>
        Assert.Equal($"Could not parse any time information from '{value}'. Examples of valid strings: '8h', '2d8h5m20s', '2m4s'",
            GcAge.Parse(value).Error!.Message);
}
