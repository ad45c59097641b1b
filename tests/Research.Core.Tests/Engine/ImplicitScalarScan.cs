using System.Reflection;
using System.Reflection.Emit;
using TorchSharp;

namespace Research.Core.Tests.Engine;

/// <summary>
/// Finds, in an assembly's IL, the places that hand TorchSharp a temporary Scalar nobody keeps alive (STACK.md's GC
/// race): a call to Scalar's implicit conversion, a ToScalar() in a method that never disposes a Scalar (a kept Scalar
/// is held by a using for the whole call), or a call to a TorchSharp member whose own body makes a Scalar and never
/// disposes it (such as Tensor.add(Tensor), which passes alpha = 1, or the operators with a number operand).
/// </summary>
internal static class ImplicitScalarScan
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private static readonly Dictionary<MethodBase, bool> MakesUnkeptScalar = new();

    internal sealed record Finding(string Caller, string Callee, string Why)
    {
        public override string ToString() => $"{Caller} calls {Callee}: {Why}";
    }

    /// <summary>Every finding in the assembly's methods and constructors.</summary>
    public static List<Finding> Scan(Assembly assembly)
    {
        var findings = new List<Finding>();
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetTypes())
        {
            // Static constructors are skipped: a Scalar they make lives in a static field for the life of the process.
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly)))
            {
                var callees = Callees(method).ToList();
                var disposesScalars = callees.Any(IsScalarDispose);
                foreach (var callee in callees)
                {
                    var why = Reason(callee, disposesScalars);
                    if (why is not null) findings.Add(new Finding($"{type.FullName}.{method.Name}", $"{callee.DeclaringType?.FullName}.{callee.Name}({Parameters(callee)})", why));
                }
            }
        }
        return findings;
    }

    private static string? Reason(MethodBase callee, bool callerDisposesScalars)
    {
        if (callee.DeclaringType is not { } type || type.Assembly != typeof(torch).Assembly) return null;
        if (IsImplicitConversion(callee)) return "an implicit Scalar conversion makes a temporary nobody keeps alive";
        if (IsToScalar(callee)) return callerDisposesScalars ? null : "ToScalar() in a method that disposes no Scalar: hold it with a using for the whole call";
        return CreatesUnkeptScalar(callee) ? "this TorchSharp member makes a temporary Scalar inside (use a KeptScalars method)" : null;
    }

    private static bool IsImplicitConversion(MethodBase m) => m.DeclaringType == typeof(Scalar) && m.Name == "op_Implicit";

    // `using var s = v.ToScalar()` disposes through IDisposable.Dispose.
    private static bool IsScalarDispose(MethodBase m) => m.Name == "Dispose" && (m.DeclaringType == typeof(Scalar) || m.DeclaringType == typeof(IDisposable));

    private static bool IsToScalar(MethodBase m) => m.Name == "ToScalar" && m.IsStatic && m is MethodInfo { ReturnType: var r } && r == typeof(Scalar);

    /// <summary>
    /// Whether a TorchSharp member makes a Scalar and never disposes it, in its own IL or in the TorchSharp members it
    /// calls, two levels deep (an operator calls add(Tensor), which passes alpha = 1).
    /// </summary>
    private static bool CreatesUnkeptScalar(MethodBase method, int depth = 2)
    {
        if (MakesUnkeptScalar.TryGetValue(method, out var known)) return known;
        var callees = Callees(method).ToList();
        var result = !callees.Any(IsScalarDispose)
                     && (callees.Any(c => IsImplicitConversion(c) || IsToScalar(c))
                         || depth > 0 && callees.Any(c => c.DeclaringType?.Assembly == typeof(torch).Assembly && c != method && CreatesUnkeptScalar(c, depth - 1)));
        if (depth == 2) MakesUnkeptScalar[method] = result;
        return result;
    }

    /// <summary>The methods a method calls (call, callvirt, newobj), read from its IL.</summary>
    private static IEnumerable<MethodBase> Callees(MethodBase method)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (Exception e) when (e is InvalidOperationException or BadImageFormatException)
        {
            yield break;
        }
        if (il is null) yield break;
        var position = 0;
        while (position < il.Length)
        {
            var code = il[position] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[position + 1])] : OpCodesByValue[il[position]];
            position += code.Size;
            if ((code == OpCodes.Call || code == OpCodes.Callvirt || code == OpCodes.Newobj) && Resolve(method, BitConverter.ToInt32(il, position)) is { } callee)
                yield return callee;
            position += OperandSize(code, il, position);
        }
    }

    private static MethodBase? Resolve(MethodBase context, int token)
    {
        try
        {
            var typeArguments = context.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
            var methodArguments = context is MethodInfo { IsGenericMethod: true } m ? m.GetGenericArguments() : null;
            return context.Module.ResolveMethod(token, typeArguments, methodArguments);
        }
        catch (Exception e) when (e is ArgumentException or TypeLoadException or FileNotFoundException or FileLoadException)
        {
            return null;
        }
    }

    private static int OperandSize(OpCode code, byte[] il, int position) => code.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, position),
        _ => 4,
    };

    private static string Parameters(MethodBase m) => string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name));
}
