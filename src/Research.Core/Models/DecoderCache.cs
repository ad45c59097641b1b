using static TorchSharp.torch;

namespace Research.Core.Models;

/// <summary>
/// What incremental decoding keeps between steps of <see cref="TranslationTransformer.DecodeStep"/>: per decoder layer,
/// the keys and values of the encoder's output (fixed) and of the target positions so far (one more each step), and
/// the source padding. It owns its tensors (outside any DisposeScope) and frees them when replaced or disposed.
/// </summary>
public sealed class DecoderCache : IDisposable
{
    private readonly Tensor[] memoryKeys, memoryValues;
    private readonly Tensor?[] keys, values;

    internal DecoderCache(IReadOnlyList<(Tensor Keys, Tensor Values)> memory, Tensor sourcePadding)
    {
        memoryKeys = memory.Select(m => m.Keys.DetachFromDisposeScope()).ToArray();
        memoryValues = memory.Select(m => m.Values.DetachFromDisposeScope()).ToArray();
        keys = new Tensor?[memory.Count];
        values = new Tensor?[memory.Count];
        SourcePadding = sourcePadding.alias().DetachFromDisposeScope();
    }

    /// <summary>[B, 1, 1, S], true at padded source positions.</summary>
    public Tensor SourcePadding { get; }

    /// <summary>Target positions decoded so far.</summary>
    public int Length { get; private set; }

    internal (Tensor Keys, Tensor Values) Memory(int layer) => (memoryKeys[layer], memoryValues[layer]);

    /// <summary>Appends the newest position's keys and values (B, H, 1, C/H) of a layer; returns all so far (B, H, t, C/H).</summary>
    internal (Tensor Keys, Tensor Values) Append(int layer, Tensor k, Tensor v)
    {
        keys[layer] = Replace(keys[layer], keys[layer] is { } oldK ? cat([oldK, k], 2) : k.alias());
        values[layer] = Replace(values[layer], values[layer] is { } oldV ? cat([oldV, v], 2) : v.alias());
        return (keys[layer]!, values[layer]!);
    }

    internal void Advance() => Length++;

    /// <summary>
    /// Row r continues the hypothesis of row rows[r] (beam search's reordering). Rows stay within their sentence's
    /// block, so the encoder's keys and values and the padding need no reordering.
    /// </summary>
    public void Reorder(Tensor rows)
    {
        for (var layer = 0; layer < keys.Length; layer++)
        {
            if (keys[layer] is { } k) keys[layer] = Replace(k, k.index_select(0, rows));
            if (values[layer] is { } v) values[layer] = Replace(v, v.index_select(0, rows));
        }
    }

    private static Tensor Replace(Tensor? old, Tensor next)
    {
        next = next.DetachFromDisposeScope();
        old?.Dispose();
        return next;
    }

    public void Dispose()
    {
        foreach (var t in memoryKeys.Concat(memoryValues).Concat(keys.OfType<Tensor>()).Concat(values.OfType<Tensor>())) t.Dispose();
        SourcePadding.Dispose();
    }
}
