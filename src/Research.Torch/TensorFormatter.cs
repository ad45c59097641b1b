using System.Globalization;
using System.Text;

namespace Research.Torch;

/// <summary>
/// Renders a tensor the way PyTorch prints it: a header with shape, dtype and device, then the values,
/// nested by dimension. Tensors over 1000 elements show 3 edge items per dimension around "...".
/// </summary>
internal static class TensorFormatter
{
    private const int SummarizeAbove = 1000;
    private const int EdgeItems = 3;

    internal static string Format(Tensor t)
    {
        if (t.IsDisposed) return "Tensor(disposed)";
        var shape = t.shape;
        var header = $"Tensor[{string.Join(", ", shape)}] {t.dtype.PyTorchName()} {t.device}" + (t.requires_grad ? " requires_grad" : "");
        var numel = t.numel();
        if (numel == 0) return header + "\n[]";
        var summarize = numel > SummarizeAbove;
        var kept = shape.Select(n => summarize && n > 2 * EdgeItems ? Edges(n) : Enumerable.Range(0, (int)n).Select(i => (long)i).ToArray()).ToArray();
        var values = Preview(t, kept);
        var keptShape = kept.Select(k => k.Length).ToArray();
        var text = values.Select(v => FormatValue(v, t.dtype, values)).ToArray();
        var width = text.Length == 0 ? 0 : text.Max(s => s.Length);
        var sb = new StringBuilder(header).Append('\n');
        var pos = 0;
        Render(sb, shape, kept, keptShape, 0, text, width, ref pos, indent: 0);
        return sb.ToString();
    }

    private static long[] Edges(long n) =>
        [.. Enumerable.Range(0, EdgeItems).Select(i => (long)i), .. Enumerable.Range(0, EdgeItems).Select(i => n - EdgeItems + i)];

    // Gathers only the displayed elements, so printing a huge tensor does not copy it whole.
    private static double[] Preview(Tensor t, long[][] kept)
    {
        using var scope = torch.NewDisposeScope();
        var x = t.detach();
        for (var d = 0; d < kept.Length; d++)
        {
            if (kept[d].Length == x.size(d)) continue;
            using var index = torch.tensor(kept[d]);
            x = x.index_select(d, index);
        }
        return x.ToDoubleArray();
    }

    private static void Render(StringBuilder sb, long[] shape, long[][] kept, int[] keptShape, int dim, string[] text, int width, ref int pos, int indent)
    {
        if (shape.Length == 0)
        {
            sb.Append(text[pos++].Trim());
            return;
        }
        sb.Append('[');
        var n = keptShape[dim];
        var elided = kept[dim].Length < shape[dim];
        for (var i = 0; i < n; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
                if (dim == shape.Length - 1) sb.Append(' ');
                else sb.Append('\n', shape.Length - 1 - dim).Append(' ', indent + 1);
            }
            if (elided && i == EdgeItems)
            {
                sb.Append("...,");
                if (dim == shape.Length - 1) sb.Append(' ');
                else sb.Append('\n', shape.Length - 1 - dim).Append(' ', indent + 1);
            }
            if (dim == shape.Length - 1) sb.Append(text[pos++].PadLeft(width));
            else Render(sb, shape, kept, keptShape, dim + 1, text, width, ref pos, indent + 1);
        }
        sb.Append(']');
    }

    private static string FormatValue(double v, ScalarType dtype, double[] all)
    {
        if (dtype == ScalarType.Bool) return v != 0 ? "True" : "False";
        if (dtype.IsIntegral()) return ((long)v).ToString(CultureInfo.InvariantCulture);
        if (double.IsNaN(v)) return "nan";
        if (double.IsInfinity(v)) return v > 0 ? "inf" : "-inf";
        var finite = all.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).ToArray();
        var max = finite.Max();
        var min = finite.Where(a => a > 0).DefaultIfEmpty(1).Min();
        if (max >= 1e8 || min < 1e-4) return v.ToString("0.0000e+00", CultureInfo.InvariantCulture);
        return v.ToString("0.0000", CultureInfo.InvariantCulture);
    }
}

public sealed partial class Tensor
{
    /// <summary>Shape, dtype, device and a preview of the values.</summary>
    public override string ToString() => TensorFormatter.Format(this);
}
