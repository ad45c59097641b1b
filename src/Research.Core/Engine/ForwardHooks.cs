using System.Linq.Expressions;
using System.Reflection;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Engine;

/// <summary>
/// A forward hook on any TorchSharp module, whatever its number of inputs (nn.Module&lt;T, TResult&gt; up to seven type
/// arguments): TorchSharp's hook delegate type depends on the module's type arguments, so the delegate is built for
/// the module's own type at run time. The callback sees the output and returns nothing; the output passes unchanged.
/// </summary>
public static class ForwardHooks
{
    /// <summary>Calls onOutput with the module's output after every forward; returns the action that removes the hook.</summary>
    public static Action OnOutput(nn.Module module, Action<object?> onOutput)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(onOutput);
        for (var type = module.GetType(); type is not null; type = type.BaseType)
        {
            if (!type.IsGenericType || type.DeclaringType != typeof(nn) || !type.Name.StartsWith("Module`", StringComparison.Ordinal)) continue;
            var register = type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Single(m => m.Name == "register_forward_hook" && m.GetParameters()[0].ParameterType.Name.StartsWith("Func`", StringComparison.Ordinal));
            var hookType = register.GetParameters()[0].ParameterType;              // Func<Module<…>, T1, …, TResult, TResult>
            var parameters = hookType.GetGenericArguments()[..^1].Select(Expression.Parameter).ToArray();
            var output = parameters[^1];
            var body = Expression.Block(
                Expression.Invoke(Expression.Constant(onOutput), Expression.Convert(output, typeof(object))),
                output);
            var hook = Expression.Lambda(hookType, body, parameters).Compile();
            var handle = register.Invoke(module, [hook])!;
            var remove = handle.GetType().GetMethod("remove", Type.EmptyTypes)
                         ?? throw new InvalidOperationException($"ForwardHooks: TorchSharp's hook handle {handle.GetType().Name} has no remove()");
            return () => remove.Invoke(handle, null);
        }
        throw new ArgumentException($"ForwardHooks: {module.GetType().Name} is not an nn.Module<…, TResult>, so it has no forward hook", nameof(module));
    }
}
