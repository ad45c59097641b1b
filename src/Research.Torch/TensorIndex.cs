namespace Research.Torch;

/// <summary>
/// One entry of a multi-dimensional index, as in Python's <c>x[0, 1:3, None, ..., mask]</c>:
/// an integer, a slice, <see cref="None"/> (a new axis), <see cref="Ellipsis"/> or a tensor
/// (integer indices or a boolean mask).
/// </summary>
public readonly struct TensorIndex
{
    internal enum IndexKind { Single, Slice, None, Ellipsis, Tensor }

    internal IndexKind Kind { get; }
    internal long Value { get; }
    internal long? Start { get; }
    internal long? Stop { get; }
    internal long Step { get; }
    internal Tensor? Tensor { get; }

    private TensorIndex(IndexKind kind, long value = 0, long? start = null, long? stop = null, long step = 1, Tensor? tensor = null)
    {
        Kind = kind;
        Value = value;
        Start = start;
        Stop = stop;
        Step = step;
        Tensor = tensor;
    }

    public static TensorIndex Single(long i) => new(IndexKind.Single, i);

    /// <summary>Python's <c>start:stop:step</c>; null bounds mean the ends, negative ones count from the end.</summary>
    public static TensorIndex Slice(long? start = null, long? stop = null, long step = 1)
    {
        if (step <= 0) throw new ArgumentOutOfRangeException(nameof(step), $"slice step must be positive, got {step}");
        return new(IndexKind.Slice, start: start, stop: stop, step: step);
    }

    public static readonly TensorIndex None = new(IndexKind.None);
    public static readonly TensorIndex Ellipsis = new(IndexKind.Ellipsis);
    /// <summary>The whole dimension (Python's <c>:</c>).</summary>
    public static readonly TensorIndex Colon = Slice();

    public static TensorIndex FromTensor(Tensor t) => new(IndexKind.Tensor, tensor: t ?? throw new ArgumentNullException(nameof(t)));

    public static implicit operator TensorIndex(long i) => Single(i);
    public static implicit operator TensorIndex(int i) => Single(i);
    public static implicit operator TensorIndex(Tensor t) => FromTensor(t);

    public static implicit operator TensorIndex(Index i) => Single(i.IsFromEnd ? -i.Value : i.Value);

    public static implicit operator TensorIndex(Range r)
    {
        long? start = r.Start.IsFromEnd ? (r.Start.Value == 0 ? null : -r.Start.Value) : r.Start.Value;
        long? stop = r.End.IsFromEnd ? (r.End.Value == 0 ? null : -r.End.Value) : r.End.Value;
        return Slice(start, stop);
    }
}
