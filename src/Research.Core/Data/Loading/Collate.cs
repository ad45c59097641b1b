using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Data.Loading;

/// <summary>Variable-length sequences padded to the longest: tokens int64 [b, t], mask bool [b, t] (true on real tokens), lengths int64 [b].</summary>
public sealed record PaddedSequences(Tensor Tokens, Tensor Mask, Tensor Lengths) : IDisposable
{
    public void Dispose()
    {
        Tokens.Dispose();
        Mask.Dispose();
        Lengths.Dispose();
    }
}

/// <summary>Collate functions: turn a list of items into batch tensors.</summary>
public static class Collate
{
    /// <summary>Pads every sequence on the right with <paramref name="padId"/> to the batch's longest length.</summary>
    public static PaddedSequences Pad(IReadOnlyList<int[]> sequences, int padId)
    {
        if (sequences.Count == 0) throw new ArgumentException("sequences is empty: expected at least one sequence", nameof(sequences));
        var width = sequences.Max(s => s.Length);
        var tokens = new long[sequences.Count * width];
        var mask = new bool[sequences.Count * width];
        var lengths = new long[sequences.Count];
        for (var b = 0; b < sequences.Count; b++)
        {
            var s = sequences[b];
            lengths[b] = s.Length;
            for (var t = 0; t < width; t++)
            {
                tokens[b * width + t] = t < s.Length ? s[t] : padId;
                mask[b * width + t] = t < s.Length;
            }
        }
        long[] shape = [sequences.Count, width];
        return new PaddedSequences(torch.tensor(tokens, shape), torch.tensor(mask, shape), torch.tensor(lengths));
    }

    /// <summary>Per-position flags (such as which positions a loss scores), padded with false: bool [b, t].</summary>
    public static Tensor PadFlags(IReadOnlyList<bool[]> flags)
    {
        if (flags.Count == 0) throw new ArgumentException("flags is empty: expected at least one row", nameof(flags));
        var width = flags.Max(f => f.Length);
        var data = new bool[flags.Count * width];
        for (var b = 0; b < flags.Count; b++) flags[b].CopyTo(data, b * width);
        return torch.tensor(data, [flags.Count, width]);
    }

    /// <summary>Stacks equal-length float rows into float32 [b, ...itemShape].</summary>
    public static Tensor Stack(IReadOnlyList<float[]> rows, params long[] itemShape)
    {
        var size = itemShape.Aggregate(1L, (a, d) => a * d);
        var data = new float[rows.Count * size];
        for (var b = 0; b < rows.Count; b++)
        {
            if (rows[b].Length != size)
                throw new ArgumentException($"rows[{b}] has {rows[b].Length} values but the item shape [{string.Join(", ", itemShape)}] needs {size}", nameof(rows));
            rows[b].CopyTo(data, b * size);
        }
        return torch.tensor(data, [rows.Count, .. itemShape]);
    }

    /// <summary>Class labels as int64 [b].</summary>
    public static Tensor Labels(IReadOnlyList<int> labels) => torch.tensor(labels.Select(l => (long)l).ToArray());
}
