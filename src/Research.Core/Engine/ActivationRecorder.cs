using System.Runtime.CompilerServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Engine;

/// <summary>
/// Captures the outputs of named submodules on every forward pass, through TorchSharp's forward hooks, keeping them
/// attached to the autograd graph so a loss can be built on them (layer alignment, probes). Works on any module with
/// one or two inputs (<c>nn.Module&lt;T, TResult&gt;</c>, <c>nn.Module&lt;T1, T2, TResult&gt;</c>); for a module that
/// returns a tuple (an RNN's output and state), the first tensor in it is recorded.
/// The recorder keeps its own alias of each output (a view sharing storage and graph), outside any DisposeScope:
/// models and TorchSharp's Sequential dispose their intermediate results when their forward returns. A recorded tensor
/// stays valid until the same name is recorded again, <see cref="Clear"/> or <see cref="Dispose"/>.
/// </summary>
public sealed class ActivationRecorder : IDisposable
{
    private readonly Dictionary<string, Tensor> latest = new();
    private readonly List<Action> removers = new();

    public ActivationRecorder(nn.Module model, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(model);
        var modules = model.named_modules().ToDictionary(m => m.name, m => m.module);
        foreach (var name in names)
        {
            if (!modules.TryGetValue(name, out var module))
                throw new ArgumentException($"ActivationRecorder: {model.GetType().Name} has no submodule '{name}'; it has: {string.Join(", ", modules.Keys.Where(k => k.Length > 0))}");
            removers.Add(Hook(module, name));
        }
        Names = names;
    }

    public IReadOnlyList<string> Names { get; }

    /// <summary>The activation recorded for a name in the latest forward pass.</summary>
    public Tensor this[string name] => latest.TryGetValue(name, out var t)
        ? t
        : throw new KeyNotFoundException($"ActivationRecorder: nothing recorded for '{name}' yet; run a forward pass first");

    public IReadOnlyDictionary<string, Tensor> Activations => latest;

    /// <summary>Releases the recorded tensors.</summary>
    public void Clear()
    {
        foreach (var t in latest.Values) t.Dispose();
        latest.Clear();
    }

    public void Dispose()
    {
        foreach (var remove in removers) remove();
        removers.Clear();
        Clear();
    }

    private void Record(string name, object? output)
    {
        var kept = FirstTensor(output, name).alias().DetachFromDisposeScope();
        if (latest.Remove(name, out var previous)) previous.Dispose();
        latest[name] = kept;
    }

    // TorchSharp's post-hook delegate type depends on the module's type arguments, so the matching generic
    // registration is picked at run time.
    private Action Hook(nn.Module module, string name)
    {
        for (var type = module.GetType(); type is not null; type = type.BaseType)
        {
            if (!type.IsGenericType) continue;
            var definition = type.GetGenericTypeDefinition();
            var method = definition == typeof(nn.Module<,>) ? nameof(HookOne)
                : definition == typeof(nn.Module<,,>) ? nameof(HookTwo)
                : null;
            if (method is null) continue;
            return (Action)typeof(ActivationRecorder).GetMethod(method, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                .MakeGenericMethod(type.GetGenericArguments())
                .Invoke(this, [module, name])!;
        }
        throw new ArgumentException($"ActivationRecorder: '{name}' is a {module.GetType().Name}, which is not an nn.Module<T, TResult> or nn.Module<T1, T2, TResult>");
    }

    private Action HookOne<T, TResult>(nn.Module<T, TResult> module, string name) =>
        module.register_forward_hook((_, _, output) =>
        {
            Record(name, output);
            return output;
        }).remove;

    private Action HookTwo<T1, T2, TResult>(nn.Module<T1, T2, TResult> module, string name) =>
        module.register_forward_hook((_, _, _, output) =>
        {
            Record(name, output);
            return output;
        }).remove;

    private static Tensor FirstTensor(object? output, string name) => output switch
    {
        Tensor t => t,
        ITuple tuple => Enumerable.Range(0, tuple.Length).Select(i => tuple[i]).OfType<Tensor>().FirstOrDefault()
                        ?? throw new InvalidOperationException($"ActivationRecorder: the output of '{name}' holds no tensor"),
        _ => throw new InvalidOperationException($"ActivationRecorder: the output of '{name}' is a {output?.GetType().Name ?? "null"}, not a tensor"),
    };
}
