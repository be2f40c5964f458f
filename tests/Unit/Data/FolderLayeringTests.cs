using System.Reflection;
using System.Reflection.Emit;
using Workspaces.Data;

namespace Workspaces.Tests.Unit.Data;

/// <summary>
/// The folders of <c>src/Data</c> (one namespace each) form layers: no folder reaches, directly or round a circle, back
/// into itself. Read from the compiled assembly (signatures and every type a method body touches), so a name in a
/// comment or a property that happens to share a type's name does not count, and a forgotten dependency does.
/// </summary>
public sealed class FolderLayeringTests
{
    private static readonly Assembly Data = typeof(TrackingDbContext).Assembly;

    [Fact]
    public void Data_folders_have_no_dependency_circles()
    {
        var graph = Edges();
        var circles = StronglyConnected(graph).Where(c => c.Count > 1).Select(c => string.Join(" ↔ ", c.Order(StringComparer.Ordinal))).ToList();
        Assert.True(circles.Count == 0, "Folder circles in src/Data: " + string.Join("; ", circles)
            + Environment.NewLine + Describe(graph, circles));
    }

    [Fact]
    public void The_reader_sees_known_dependencies()
    {
        // Guards the test itself: services depend on the authorizer, the authorizer on the shared helpers.
        var graph = Edges();
        Assert.Contains("Auth", graph["Tracking"].Keys);
        Assert.Contains("Common", graph["Auth"].Keys);
        Assert.DoesNotContain("Tracking", graph["Auth"].Keys);
    }

    private static string? Folder(Type? type)
    {
        while (type?.DeclaringType is not null)
            type = type.DeclaringType;
        if (type?.Assembly != Data || type.Namespace is not { } ns || !ns.StartsWith("Workspaces.Data.", StringComparison.Ordinal))
            return null;
        var folder = ns["Workspaces.Data.".Length..];
        return folder.StartsWith("Migrations", StringComparison.Ordinal) ? null : folder.Split('.')[0];
    }

    /// <summary>folder → (folder it uses → one example "Type uses Type").</summary>
    private static Dictionary<string, Dictionary<string, string>> Edges()
    {
        var graph = new Dictionary<string, Dictionary<string, string>>();
        foreach (var type in Data.GetTypes())
        {
            if (Folder(type) is not { } from)
                continue;
            var uses = graph.TryGetValue(from, out var u) ? u : graph[from] = [];
            foreach (var used in Referenced(type))
                if (Folder(used) is { } to && to != from)
                    uses.TryAdd(to, $"{type.FullName} uses {used.FullName}");
        }
        return graph;
    }

    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic
        | BindingFlags.Instance | BindingFlags.Static;

    private static List<Type> Referenced(Type type)
    {
        var found = new List<Type>();
        void Add(Type? t)
        {
            if (t is null)
                return;
            if (t.HasElementType)
                Add(t.GetElementType());
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
                foreach (var arg in t.GetGenericArguments())
                    Add(arg);
            found.Add(t.IsGenericType ? t.GetGenericTypeDefinition() : t);
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces())
            Add(i);
        foreach (var f in type.GetFields(Declared))
            Add(f.FieldType);
        foreach (var p in type.GetProperties(Declared))
            Add(p.PropertyType);
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo mi)
                Add(mi.ReturnType);
            foreach (var p in method.GetParameters())
                Add(p.ParameterType);
            foreach (var t in BodyReferences(method))
                Add(t);
        }
        return found;
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Every type, method and field token in the method's IL, as the declaring or named type.</summary>
    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
            yield break;
        var typeArgs = method.DeclaringType!.IsGenericType ? method.DeclaringType.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var value = (short)il[at++];
            if (value == 0xFE)
                value = (short)(0xFE00 | il[at++]);
            var op = OpCodesByValue[value];
            var operandAt = at;
            at += OperandSize(op.OperandType, il, at);
            if (op.OperandType is not (OperandType.InlineType or OperandType.InlineTok or OperandType.InlineMethod or OperandType.InlineField))
                continue;
            MemberInfo? member;
            try
            {
                member = method.Module.ResolveMember(BitConverter.ToInt32(il, operandAt), typeArgs, methodArgs);
            }
            catch (ArgumentException)
            {
                continue; // a token in a generic context this reader does not reconstruct; signatures still count
            }
            if (member is Type t)
                yield return t;
            else if (member?.DeclaringType is { } declaring)
            {
                yield return declaring;
                if (member is MethodInfo m)
                {
                    yield return m.ReturnType;
                    foreach (var p in m.GetParameters())
                        yield return p.ParameterType;
                }
            }
        }
    }

    private static int OperandSize(OperandType type, byte[] il, int at) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };

    /// <summary>Tarjan's strongly connected components: each circle of folders comes out as one component.</summary>
    private static List<List<string>> StronglyConnected(Dictionary<string, Dictionary<string, string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var result = new List<List<string>>();

        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            foreach (var w in graph.TryGetValue(v, out var e) ? e.Keys.ToList() : [])
            {
                if (!index.TryGetValue(w, out var seen))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (stack.Contains(w))
                    low[v] = Math.Min(low[v], seen);
            }
            if (low[v] != index[v])
                return;
            var component = new List<string>();
            string x;
            do
            {
                x = stack.Pop();
                component.Add(x);
            } while (x != v);
            result.Add(component);
        }

        foreach (var v in graph.Keys.Order(StringComparer.Ordinal))
            if (!index.ContainsKey(v))
                Visit(v);
        return result;
    }

    private static string Describe(Dictionary<string, Dictionary<string, string>> graph, List<string> circles) =>
        string.Join(Environment.NewLine, graph
            .Where(g => circles.Any(c => c.Contains(g.Key, StringComparison.Ordinal)))
            .SelectMany(g => g.Value.Select(e => $"{g.Key} → {e.Key}: {e.Value}")));
}
