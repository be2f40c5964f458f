using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata;
using Workspaces.Data;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Data;

/// <summary>
/// The stored-text rule covers the whole model: every string column has a limit (its max length or a
/// <see cref="StoredText"/> entry), and a value one over it, or holding NUL, is refused before any SQL runs,
/// on SQLite and PostgreSQL alike. New entities and columns are covered without touching this test.
/// </summary>
public abstract class StoredTextModelTests<TDb>(DataFixture<TDb> fixture) : IClassFixture<DataFixture<TDb>>
    where TDb : IDatabaseKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static IEnumerable<IProperty> StringColumns(IModel model) =>
        model.GetEntityTypes().Where(e => !e.IsOwned())
            .SelectMany(e => e.GetProperties())
            .Where(p => p.ClrType == typeof(string) && p.PropertyInfo is not null);

    [Fact]
    public void Every_string_column_has_a_limit_or_is_declared_unlimited()
    {
        using var db = fixture.Db();
        var missing = StringColumns(db.Model).Where(p => StoredText.LimitOf(p) is null && !StoredText.IsUnlimited(p))
            .Select(p => $"{p.DeclaringType.ClrType.Name}.{p.Name}").ToList();
        Assert.True(missing.Count == 0, string.Join(", ", missing));
    }

    [Fact]
    public void Column_lengths_are_the_StoredText_constants()
    {
        using var db = fixture.Db();
        int Max<T>(string property) => db.Model.FindEntityType(typeof(T))!.FindProperty(property)!.GetMaxLength()!.Value;
        Assert.Equal(StoredText.RegisteredModelName, Max<Workspaces.Data.Entities.RegisteredModel>("Name"));
        Assert.Equal(StoredText.ParamValue, Max<Workspaces.Data.Entities.Param>("Value"));
        Assert.Equal(StoredText.RunTagValue, Max<Workspaces.Data.Entities.RunTag>("Value"));
        Assert.Equal(StoredText.ExperimentTagValue, Max<Workspaces.Data.Entities.ExperimentTag>("Value"));
        Assert.Equal(StoredText.EntityKey, Max<Workspaces.Data.Entities.Metric>("Key"));
        Assert.Equal(StoredText.Username, Max<Workspaces.Data.Entities.User>("Username"));
    }

    [Fact]
    public async Task Every_string_column_refuses_one_over_its_limit_and_NUL_before_the_database_sees_it()
    {
        using var probe = fixture.Db();
        var failures = new List<string>();
        foreach (var property in StringColumns(probe.Model))
        {
            foreach (var (label, value) in BadValues(property))
            {
                await using var db = fixture.Db();
                var entity = NewEntity(property.DeclaringType.ClrType);
                property.PropertyInfo!.SetValue(entity, value);
                db.Add(entity);
                var thrown = await Record.ExceptionAsync(() => db.SaveChangesAsync(Ct));
                if (thrown is not StoredTextException refused || refused.Error.WireCode != "INVALID_PARAMETER_VALUE")
                    failures.Add($"{property.DeclaringType.ClrType.Name}.{property.Name} ({label}): {thrown?.GetType().Name ?? "saved"}");
            }
        }
        Assert.Empty(failures);
    }

    private static IEnumerable<(string Label, string Value)> BadValues(IProperty property)
    {
        yield return ("NUL", "a\0b");
        if (StoredText.LimitOf(property) is { } limit)
            yield return ($"{limit + 1} characters", new string('x', limit + 1));
    }

    /// <summary>An instance with every string set to a short valid value, so only the property under test is wrong.</summary>
    private static object NewEntity(Type type)
    {
        var entity = Activator.CreateInstance(type)!;
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType == typeof(string) && p.CanWrite))
            p.SetValue(entity, "x");
        return entity;
    }
}

public sealed class StoredTextModelTests_Sqlite(DataFixture<SqliteDb> f) : StoredTextModelTests<SqliteDb>(f);

public sealed class StoredTextModelTests_Postgres(DataFixture<PostgresDb> f) : StoredTextModelTests<PostgresDb>(f);

public sealed class StoredTextModelTests_MySql(DataFixture<MySqlDb> f) : StoredTextModelTests<MySqlDb>(f);
