using System.Runtime.CompilerServices;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Core.Engine;

/// <summary>One recorded layer output: its name (module path, "#k" for the k-th call of a module called more than once
/// per forward, "[i]" for item i of a tuple output) and the tensor with the batch axis first.</summary>
public sealed record RecordedLayer(string Name, Tensor Activation);

/// <summary>
/// Records a network's layer outputs in forward-execution order, by the rules of the guidance authors' extractor
/// (rep_sim/layer_extract.py): hooks go on modules whose exact type is one of <see cref="AuthorsModuleTypes"/> (so conv
/// and linear outputs are taken before BN and the activation); tuple outputs are split and null items dropped; RNN and
/// LSTM keep only their output sequence; an output is kept if its axis 0 is the batch, or if exactly one axis has the
/// batch size (that axis is moved to the front); the last entry, the logits, is dropped. Recording is on only while
/// <see cref="Enabled"/>; the tensors keep their autograd graph and stay valid until <see cref="Clear"/>.
/// </summary>
public sealed class LayerRecorder : IDisposable
{
    /// <summary>Conv2d, Linear, AdaptiveAvgPool2d, RNN, LSTM, MultiheadAttention, LayerNorm, TransformerDecoderLayer.</summary>
    public static IReadOnlyList<Type> AuthorsModuleTypes { get; } =
    [
        typeof(Conv2d), typeof(Linear), typeof(AdaptiveAvgPool2d), typeof(RNN), typeof(LSTM),
        typeof(MultiheadAttention), typeof(LayerNorm), typeof(TransformerDecoderLayer),
    ];

    private readonly List<RecordedLayer> recorded = [];
    private readonly Dictionary<string, int> calls = [];
    private readonly List<Action> removers = [];
    private readonly List<string> hooked = [];

    /// <param name="model">The network whose layers are recorded.</param>
    /// <param name="moduleTypes">Exact module types to hook; the authors' list by default.</param>
    /// <param name="dropLast">Drop the last recorded output (the logits), as the authors do.</param>
    public LayerRecorder(nn.Module model, IEnumerable<Type>? moduleTypes = null, bool dropLast = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        var types = (moduleTypes ?? AuthorsModuleTypes).ToHashSet();
        DropLast = dropLast;
        var seen = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
        foreach (var (name, module) in model.named_modules())
        {
            if (!types.Contains(module.GetType()) || !seen.Add(module)) continue;     // a shared module: hooked once, under its first name
            var label = name.Length == 0 ? "(model)" : name;
            var sequenceOnly = module is RNN or LSTM;
            hooked.Add(label);
            removers.Add(ForwardHooks.OnOutput(module, output => Record(label, output, sequenceOnly)));
        }
        if (hooked.Count == 0)
            throw new ArgumentException($"LayerRecorder: {model.GetType().Name} has no module of the hooked types ({string.Join(", ", types.Select(t => t.Name))})", nameof(model));
    }

    /// <summary>The hooked modules, in registration order (the recorded order is the forward order).</summary>
    public IReadOnlyList<string> HookedModules => hooked;

    public bool DropLast { get; }

    /// <summary>Records only while true.</summary>
    public bool Enabled { get; set; }

    /// <summary>The batch size that identifies the batch axis; set before the forward pass.</summary>
    public long BatchSize { get; set; }

    /// <summary>The layers of the latest forward pass, in execution order, the logits dropped when <see cref="DropLast"/>.</summary>
    public IReadOnlyList<RecordedLayer> Layers => DropLast && recorded.Count > 0 ? recorded.GetRange(0, recorded.Count - 1) : recorded;

    /// <summary>"index name [shape]" per recorded layer: the list a user reads to see or override a mapping.</summary>
    public IEnumerable<string> Describe() => Layers.Select((l, i) => $"{i,3} {l.Name} [{string.Join(", ", l.Activation.shape)}]");

    /// <summary>Releases the recorded tensors and starts a new forward pass.</summary>
    public void Clear()
    {
        foreach (var layer in recorded) layer.Activation.Dispose();
        recorded.Clear();
        calls.Clear();
    }

    public void Dispose()
    {
        foreach (var remove in removers) remove();
        removers.Clear();
        Clear();
    }

    private void Record(string module, object? output, bool sequenceOnly)
    {
        if (!Enabled) return;
        if (BatchSize <= 0) throw new InvalidOperationException($"LayerRecorder: set BatchSize before the forward pass (got {BatchSize})");
        var call = calls[module] = calls.GetValueOrDefault(module) + 1;
        var name = call == 1 ? module : $"{module}#{call}";
        var items = output switch
        {
            Tensor t => [(name, (Tensor?)t)],
            ITuple tuple when sequenceOnly => [(name, tuple[0] as Tensor)],
            ITuple tuple => Enumerable.Range(0, tuple.Length).Select(i => ($"{name}[{i}]", tuple[i] as Tensor)).ToList(),
            _ => new List<(string, Tensor?)>(),
        };
        foreach (var (itemName, tensor) in items)
            if (tensor is not null && !tensor.IsInvalid && BatchFirst(tensor) is { } kept)
                recorded.Add(new RecordedLayer(itemName, kept.DetachFromDisposeScope()));
    }

    // The authors' batch-axis rule; a new handle (alias or moved view) that the recorder owns.
    private Tensor? BatchFirst(Tensor t)
    {
        if (t.dim() == 0) return null;
        if (t.shape[0] == BatchSize) return t.alias();
        var axes = Enumerable.Range(0, (int)t.dim()).Where(a => t.shape[a] == BatchSize).ToList();
        return axes.Count == 1 ? t.movedim([axes[0]], [0L]) : null;
    }
}
