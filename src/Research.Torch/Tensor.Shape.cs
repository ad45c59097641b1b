using Research.Torch.Native;

namespace Research.Torch;

// Views and shape changes.
public sealed unsafe partial class Tensor
{
    public Tensor view(params long[] size)
    {
        fixed (long* p = size) return Keep(LibTorch.rt_view(Handle, p, size.Length), "view");
    }

    public Tensor reshape(params long[] size)
    {
        fixed (long* p = size) return Keep(LibTorch.rt_reshape(Handle, p, size.Length), "reshape");
    }

    public Tensor view_as(Tensor other) => view(other.shape);

    public Tensor reshape_as(Tensor other) => reshape(other.shape);

    public Tensor permute(params long[] dims)
    {
        fixed (long* p = dims) return Keep(LibTorch.rt_permute(Handle, p, dims.Length), "permute");
    }

    public Tensor transpose(long dim0, long dim1) => Keep(LibTorch.rt_transpose(Handle, dim0, dim1), "transpose");

    /// <summary>The transpose of a matrix (PyTorch's <c>x.T</c> for 2-D tensors).</summary>
    public Tensor T => transpose(0, 1);

    /// <summary>Swaps the last two dimensions (PyTorch's <c>x.mT</c>).</summary>
    public Tensor mT => transpose(-2, -1);

    public Tensor t() => transpose(0, 1);

    public Tensor squeeze() => Keep(LibTorch.rt_squeeze(Handle), "squeeze");

    public Tensor squeeze(long dim) => Keep(LibTorch.rt_squeeze_dim(Handle, dim), "squeeze");

    public Tensor unsqueeze(long dim) => Keep(LibTorch.rt_unsqueeze(Handle, dim), "unsqueeze");

    public Tensor expand(params long[] size)
    {
        fixed (long* p = size) return Keep(LibTorch.rt_expand(Handle, p, size.Length), "expand");
    }

    public Tensor expand_as(Tensor other) => expand(other.shape);

    public Tensor repeat(params long[] repeats)
    {
        fixed (long* p = repeats) return Keep(LibTorch.rt_repeat(Handle, p, repeats.Length), "repeat");
    }

    public Tensor flatten(long start_dim = 0, long end_dim = -1) =>
        Keep(LibTorch.rt_flatten(Handle, start_dim, end_dim), "flatten");

    public Tensor contiguous() => Keep(LibTorch.rt_contiguous(Handle), "contiguous");

    public Tensor narrow(long dim, long start, long length) =>
        Keep(LibTorch.rt_narrow(Handle, dim, start, length), "narrow");

    /// <summary>Elements start, start+step, ... before end along dim (Python's <c>x[start:end:step]</c>).</summary>
    public Tensor slice(long dim, long start, long end, long step = 1) =>
        Keep(LibTorch.rt_slice(Handle, dim, start, end, step), "slice");

    public Tensor select(long dim, long index) => Keep(LibTorch.rt_select(Handle, dim, index), "select");

    public Tensor flip(params long[] dims)
    {
        fixed (long* p = dims) return Keep(LibTorch.rt_flip(Handle, p, dims.Length), "flip");
    }

    public Tensor roll(long shifts, long dim) => Keep(LibTorch.rt_roll(Handle, shifts, dim), "roll");

    public Tensor diagonal(long offset = 0, long dim1 = 0, long dim2 = 1) =>
        Keep(LibTorch.rt_diagonal(Handle, offset, dim1, dim2), "diagonal");

    public Tensor diag_embed() => Keep(LibTorch.rt_diag_embed(Handle), "diag_embed");

    public Tensor tril(long diagonal = 0) => Keep(LibTorch.rt_tril(Handle, diagonal), "tril");

    public Tensor triu(long diagonal = 0) => Keep(LibTorch.rt_triu(Handle, diagonal), "triu");

    /// <summary>Splits into pieces of split_size along dim (the last may be smaller).</summary>
    public Tensor[] split(long split_size, long dim = 0)
    {
        if (split_size <= 0)
            throw new ArgumentOutOfRangeException(nameof(split_size), $"split: split_size must be positive, got {split_size}");
        var length = size(dim);
        var count = (int)Math.Max(1, (length + split_size - 1) / split_size);
        return Pieces(count, (h, output, cap) => LibTorch.rt_split(h, split_size, dim, output, cap), "split");
    }

    /// <summary>Splits into pieces of the given sizes along dim.</summary>
    public Tensor[] split(long[] split_sizes, long dim = 0)
    {
        fixed (long* sizes = split_sizes)
        {
            var s = sizes;
            var n = split_sizes.Length;
            return Pieces(n, (h, output, cap) => LibTorch.rt_split_sizes(h, s, n, dim, output, cap), "split");
        }
    }

    public Tensor[] chunk(long chunks, long dim = 0)
    {
        if (chunks <= 0)
            throw new ArgumentOutOfRangeException(nameof(chunks), $"chunk: chunks must be positive, got {chunks}");
        return Pieces((int)chunks, (h, output, cap) => LibTorch.rt_chunk(h, chunks, dim, output, cap), "chunk");
    }

    /// <summary>Unbinds along dim: the list of slices x.select(dim, i).</summary>
    public Tensor[] unbind(long dim = 0)
    {
        var n = size(dim);
        var parts = new Tensor[n];
        for (long i = 0; i < n; i++) parts[i] = select(dim, i);
        return parts;
    }

    private delegate int PieceCall(IntPtr handle, IntPtr* output, int cap);

    private Tensor[] Pieces(int capacity, PieceCall call, string op)
    {
        var handles = new IntPtr[Math.Max(capacity, 1)];
        int n;
        fixed (IntPtr* output = handles) n = LibTorch.Check(call(Handle, output, handles.Length), op);
        GC.KeepAlive(this);
        if (n > handles.Length)
            throw new InvalidOperationException($"{op}: produced {n} pieces, more than the {handles.Length} expected");
        var result = new Tensor[n];
        for (var i = 0; i < n; i++) result[i] = new Tensor(handles[i]);
        return result;
    }

    /// <summary>Wraps a result computed from this tensor's handle, keeping this tensor alive through the call.</summary>
    private Tensor Keep(IntPtr result, string op)
    {
        GC.KeepAlive(this);
        return Wrap(result, op);
    }
}
