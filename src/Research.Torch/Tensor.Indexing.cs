using Research.Torch.Native;

namespace Research.Torch;

// Python-style indexing and the tensor-index operations (gather, scatter, masks, where).
public sealed unsafe partial class Tensor
{
    /// <summary>
    /// <c>x[0]</c>, <c>x[.., 1..3]</c>, <c>x[TensorIndex.None, mask]</c>: basic indexing gives views; tensor
    /// indices give copies (advanced indexing). Setting copies (or broadcasts) the value into the selection.
    /// </summary>
    public Tensor this[params TensorIndex[] indices]
    {
        get => Index(indices);
        set => IndexAssign(indices, value);
    }

    /// <summary>Fills the selection with a scalar: <c>x.index_fill_(new TensorIndex[] { 0, .. }, 1.0)</c>.</summary>
    public Tensor index_fill_(TensorIndex[] indices, Scalar value)
    {
        using var target = Index(indices, forAssignment: true);
        target.fill_(value);
        return this;
    }

    private Tensor Index(TensorIndex[] indices, bool forAssignment = false)
    {
        var rank = (int)dim();
        var specified = indices.Count(i => i.Kind is not (TensorIndex.IndexKind.None or TensorIndex.IndexKind.Ellipsis));
        if (indices.Count(i => i.Kind == TensorIndex.IndexKind.Ellipsis) > 1)
            throw new ArgumentException("index: at most one Ellipsis is allowed");
        var booleanDims = indices.Where(i => i.Kind == TensorIndex.IndexKind.Tensor).Sum(i => i.Tensor!.dtype == ScalarType.Bool ? (int)i.Tensor.dim() - 1 : 0);
        if (specified + booleanDims > rank)
            throw new ArgumentException($"index: too many indices for a tensor of dimension {rank}: got {specified + booleanDims}");

        // Views made along the way are disposed once the result exists; only the result is returned.
        var created = new List<Tensor>();
        Tensor result = this;
        try
        {
            var current = this;
            var d = 0L;
            var advanced = new List<(long Dim, Tensor Index)>();
            foreach (var ix in indices)
            {
                switch (ix.Kind)
                {
                    case TensorIndex.IndexKind.Single:
                        created.Add(current = current.select(d, ix.Value));
                        break;
                    case TensorIndex.IndexKind.Slice:
                        var length = current.size(d);
                        created.Add(current = current.slice(d, ix.Start ?? 0, ix.Stop ?? length, ix.Step));
                        d++;
                        break;
                    case TensorIndex.IndexKind.None:
                        created.Add(current = current.unsqueeze(d));
                        d++;
                        break;
                    case TensorIndex.IndexKind.Ellipsis:
                        d += rank - specified - booleanDims;
                        break;
                    case TensorIndex.IndexKind.Tensor:
                        advanced.Add((d, ix.Tensor!));
                        d += ix.Tensor!.dtype == ScalarType.Bool ? ix.Tensor.dim() : 1;
                        break;
                }
            }
            if (advanced.Count == 0)
            {
                result = ReferenceEquals(current, this) ? Alias() : current;
                return result;
            }
            if (forAssignment)
                throw new ArgumentException("index_fill_: tensor indices are not supported here; use index_put_ or masked_fill_");
            var slots = new IntPtr[advanced[^1].Dim + 1];
            foreach (var (dim, index) in advanced) slots[dim] = index.Handle;
            IntPtr r;
            fixed (IntPtr* p = slots) r = LibTorch.rt_index_tensors(current.Handle, p, slots.Length);
            GC.KeepAlive(advanced);
            GC.KeepAlive(current);
            result = Wrap(r, "index");
            return result;
        }
        finally
        {
            foreach (var t in created)
                if (!ReferenceEquals(t, result)) t.Dispose();
        }
    }

    private void IndexAssign(TensorIndex[] indices, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var tensorIndices = indices.Where(i => i.Kind == TensorIndex.IndexKind.Tensor).ToList();
        if (tensorIndices.Count == 0)
        {
            using var target = Index(indices, forAssignment: true);
            target.copy_(value);
            return;
        }
        if (tensorIndices.Count == indices.Length)
        {
            index_put_(tensorIndices.Select(i => i.Tensor!).ToArray(), value);
            return;
        }
        throw new ArgumentException("index: assignment mixing tensor indices with other indices is not supported; use index_put_");
    }

    /// <summary>A second handle to the same tensor (same storage and autograd identity).</summary>
    public Tensor Alias() => Keep(LibTorch.rt_alias(Handle), "alias");

    public Tensor index_select(long dim, Tensor index)
    {
        var r = LibTorch.rt_index_select(Handle, dim, index.Handle);
        GC.KeepAlive(index);
        return Keep(r, "index_select");
    }

    /// <summary>In-place <c>x[indices] = values</c> (or <c>+=</c> with accumulate).</summary>
    public Tensor index_put_(Tensor[] indices, Tensor values, bool accumulate = false)
    {
        var handles = indices.Select(HandleOrZero).ToArray();
        fixed (IntPtr* p = handles)
            LibTorch.Check(LibTorch.rt_index_put_(Handle, p, handles.Length, values.Handle, accumulate ? 1 : 0), "index_put_");
        GC.KeepAlive(indices);
        GC.KeepAlive(values);
        GC.KeepAlive(this);
        return this;
    }

    public Tensor masked_select(Tensor mask)
    {
        var r = LibTorch.rt_masked_select(Handle, mask.Handle);
        GC.KeepAlive(mask);
        return Keep(r, "masked_select");
    }

    public Tensor gather(long dim, Tensor index)
    {
        var r = LibTorch.rt_gather(Handle, dim, index.Handle);
        GC.KeepAlive(index);
        return Keep(r, "gather");
    }

    public Tensor scatter(long dim, Tensor index, Tensor src)
    {
        var r = LibTorch.rt_scatter(Handle, dim, index.Handle, src.Handle);
        GC.KeepAlive(index);
        GC.KeepAlive(src);
        return Keep(r, "scatter");
    }

    public Tensor scatter(long dim, Tensor index, Scalar value)
    {
        var r = LibTorch.rt_scatter_value(Handle, dim, index.Handle, value);
        GC.KeepAlive(index);
        return Keep(r, "scatter");
    }

    public Tensor scatter_add(long dim, Tensor index, Tensor src)
    {
        var r = LibTorch.rt_scatter_add(Handle, dim, index.Handle, src.Handle);
        GC.KeepAlive(index);
        GC.KeepAlive(src);
        return Keep(r, "scatter_add");
    }

    public Tensor scatter_add_(long dim, Tensor index, Tensor src)
    {
        LibTorch.Check(LibTorch.rt_scatter_add_(Handle, dim, index.Handle, src.Handle), "scatter_add_");
        GC.KeepAlive(index);
        GC.KeepAlive(src);
        GC.KeepAlive(this);
        return this;
    }

    public Tensor index_add(long dim, Tensor index, Tensor source)
    {
        var r = LibTorch.rt_index_add(Handle, dim, index.Handle, source.Handle);
        GC.KeepAlive(index);
        GC.KeepAlive(source);
        return Keep(r, "index_add");
    }

    public Tensor masked_fill(Tensor mask, Scalar value)
    {
        var r = LibTorch.rt_masked_fill(Handle, mask.Handle, value);
        GC.KeepAlive(mask);
        return Keep(r, "masked_fill");
    }

    public Tensor masked_fill_(Tensor mask, Scalar value)
    {
        LibTorch.Check(LibTorch.rt_masked_fill_(Handle, mask.Handle, value), "masked_fill_");
        GC.KeepAlive(mask);
        GC.KeepAlive(this);
        return this;
    }

    /// <summary>Elementwise <c>condition ? this : other</c> (PyTorch's <c>x.where(condition, y)</c>).</summary>
    public Tensor where(Tensor condition, Tensor other) => torch.where(condition, this, other);

    public Tensor nonzero() => Keep(LibTorch.rt_nonzero(Handle), "nonzero");

    public (Tensor Values, Tensor Indices) sort(long dim = -1, bool descending = false)
    {
        IntPtr indices;
        var values = LibTorch.rt_sort(Handle, dim, descending ? 1 : 0, &indices);
        var v = Keep(values, "sort");
        return (v, new Tensor(indices));
    }

    public Tensor argsort(long dim = -1, bool descending = false)
    {
        var (values, indices) = sort(dim, descending);
        values.Dispose();
        return indices;
    }

    public (Tensor Values, Tensor Indices) topk(long k, long dim = -1, bool largest = true, bool sorted = true)
    {
        IntPtr indices;
        var values = LibTorch.rt_topk(Handle, k, dim, largest ? 1 : 0, sorted ? 1 : 0, &indices);
        var v = Keep(values, "topk");
        return (v, new Tensor(indices));
    }

    /// <summary>The distinct values; optionally, for each element, the position of its value (inverse) and counts.</summary>
    public (Tensor Values, Tensor? Inverse, Tensor? Counts) unique(bool sorted = true, bool return_inverse = false, bool return_counts = false)
    {
        IntPtr inverse = IntPtr.Zero, counts = IntPtr.Zero;
        var values = LibTorch.rt_unique(Handle, sorted ? 1 : 0, return_inverse ? &inverse : null, return_counts ? &counts : null);
        var v = Keep(values, "unique");
        return (v, inverse == IntPtr.Zero ? null : new Tensor(inverse), counts == IntPtr.Zero ? null : new Tensor(counts));
    }
}
