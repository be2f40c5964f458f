using System.Linq.Expressions;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Workspaces.Data.Tracing;

/// <summary>
/// Builds the LINQ predicates of trace filters, so every comparison runs in the database. Values go through a closure
/// box, which EF sends as parameters rather than literals.
/// </summary>
internal static class TracePredicates
{
    private static readonly MethodInfo LikeMethod = typeof(DbFunctionsExtensions).GetMethod(
        nameof(DbFunctionsExtensions.Like), [typeof(DbFunctions), typeof(string), typeof(string)])!;

    private static readonly MethodInfo ToLowerMethod = typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!;

    private static readonly MethodInfo RegexMethod = typeof(Regex).GetMethod(nameof(Regex.IsMatch), [typeof(string), typeof(string)])!;

    private static readonly MethodInfo RegexpInstrMethod = typeof(TraceDbFunctions).GetMethod(nameof(TraceDbFunctions.RegexpInstr))!;

    private static readonly MethodInfo ContainsMethod = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Contains) && m.GetParameters().Length == 2).MakeGenericMethod(typeof(string));

    /// <summary><paramref name="selector"/> compared with a string (=, !=, LIKE, ILIKE, RLIKE) or a list (IN, NOT IN).</summary>
    /// <remarks>
    /// RLIKE is <c>Regex.IsMatch</c>, which SQLite and PostgreSQL translate; on MySQL/MariaDB (<paramref name="mySql"/>)
    /// it is <c>REGEXP_INSTR(x, p) &gt; 0</c>, which both servers have and which stays a plain comparison under null semantics.
    /// </remarks>
    public static Expression<Func<T, bool>> Text<T>(Expression<Func<T, string?>> selector, TraceClause clause, bool mySql = false)
    {
        var x = selector.Body;
        Expression body = clause.Comparator switch
        {
            "IN" => Expression.Call(ContainsMethod, Boxed(clause.List!.ToList()), x),
            "NOT IN" => Expression.Not(Expression.Call(ContainsMethod, Boxed(clause.List!.ToList()), x)),
            "=" => Expression.Equal(x, Boxed(clause.Text)),
            "!=" => Expression.NotEqual(x, Boxed(clause.Text)),
            TraceFilter.Like => Expression.Call(LikeMethod, Expression.Constant(EF.Functions), x, Boxed(clause.Text)),
            TraceFilter.ILike => Expression.Call(LikeMethod, Expression.Constant(EF.Functions), Expression.Call(x, ToLowerMethod),
                Boxed(clause.Text!.ToLowerInvariant())),
            TraceFilter.RLike when mySql => Expression.GreaterThan(Expression.Call(RegexpInstrMethod, x, Boxed(clause.Text)), Expression.Constant(0)),
            TraceFilter.RLike => Expression.Call(RegexMethod, x, Boxed(clause.Text)),
            _ => throw new InvalidOperationException($"Comparator {clause.Comparator} is not a string comparison."),
        };
        if (clause.Comparator is "!=" or "NOT IN")
            body = Expression.AndAlso(Expression.NotEqual(x, Expression.Constant(null, typeof(string))), body);
        return Expression.Lambda<Func<T, bool>>(body, selector.Parameters);
    }

    /// <summary><paramref name="selector"/> (a <c>long</c> or <c>long?</c>) compared with a number.</summary>
    public static Expression<Func<T, bool>> Number<T, TNum>(Expression<Func<T, TNum>> selector, TraceClause clause)
    {
        var x = selector.Body;
        var value = Expression.Convert(Boxed(clause.Number!.Value), typeof(TNum));
        Expression body = clause.Comparator switch
        {
            "=" => Expression.Equal(x, value),
            "!=" => Expression.NotEqual(x, value),
            ">" => Expression.GreaterThan(x, value),
            ">=" => Expression.GreaterThanOrEqual(x, value),
            "<" => Expression.LessThan(x, value),
            _ => Expression.LessThanOrEqual(x, value),
        };
        return Expression.Lambda<Func<T, bool>>(body, selector.Parameters);
    }

    private static MemberExpression Boxed<TV>(TV value) => Expression.Property(Expression.Constant(new Box<TV>(value)), nameof(Box<TV>.Value));

    private sealed class Box<TV>(TV value)
    {
        public TV Value { get; } = value;
    }
}
