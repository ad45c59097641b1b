using Research.Torch.Native;

namespace Research.Torch;

// Reductions with PyTorch's dim / keepdim conventions.
public sealed unsafe partial class Tensor
{
    private Tensor Reduce(ReduceOp op, long[]? dims, bool keepdim, ScalarType? dtype = null)
    {
        IntPtr r;
        fixed (long* p = dims)
            r = LibTorch.rt_reduce((int)op, Handle, p, dims?.Length ?? -1, keepdim ? 1 : 0, dtype.HasValue ? (int)dtype.Value : -1);
        return Keep(r, OpNames.Of(op));
    }

    // The whole-tensor reductions take no dtype: with one, x.sum(0) would bind the literal 0 to the
    // dtype enum instead of the dim overload (C# converts a constant 0 to any enum).

    /// <summary>The sum of every element (a 0-d tensor).</summary>
    public Tensor sum() => Reduce(ReduceOp.Sum, null, false);
    public Tensor sum(long dim, bool keepdim = false, ScalarType? dtype = null) => Reduce(ReduceOp.Sum, [dim], keepdim, dtype);
    public Tensor sum(long[] dims, bool keepdim = false, ScalarType? dtype = null) => Reduce(ReduceOp.Sum, dims, keepdim, dtype);

    public Tensor mean() => Reduce(ReduceOp.Mean, null, false);
    public Tensor mean(long dim, bool keepdim = false, ScalarType? dtype = null) => Reduce(ReduceOp.Mean, [dim], keepdim, dtype);
    public Tensor mean(long[] dims, bool keepdim = false, ScalarType? dtype = null) => Reduce(ReduceOp.Mean, dims, keepdim, dtype);

    public Tensor prod() => Reduce(ReduceOp.Prod, null, false);
    public Tensor prod(long dim, bool keepdim = false, ScalarType? dtype = null) => Reduce(ReduceOp.Prod, [dim], keepdim, dtype);

    /// <summary>log(sum(exp(x))) along dim, computed stably.</summary>
    public Tensor logsumexp(long dim, bool keepdim = false) => Reduce(ReduceOp.LogSumExp, [dim], keepdim);
    public Tensor logsumexp(long[] dims, bool keepdim = false) => Reduce(ReduceOp.LogSumExp, dims, keepdim);

    public Tensor amax(long dim, bool keepdim = false) => Reduce(ReduceOp.AMax, [dim], keepdim);
    public Tensor amax(long[] dims, bool keepdim = false) => Reduce(ReduceOp.AMax, dims, keepdim);
    public Tensor amin(long dim, bool keepdim = false) => Reduce(ReduceOp.AMin, [dim], keepdim);
    public Tensor amin(long[] dims, bool keepdim = false) => Reduce(ReduceOp.AMin, dims, keepdim);

    public Tensor all() => Reduce(ReduceOp.All, null, false);
    public Tensor all(long dim, bool keepdim = false) => Reduce(ReduceOp.All, [dim], keepdim);
    public Tensor any() => Reduce(ReduceOp.Any, null, false);
    public Tensor any(long dim, bool keepdim = false) => Reduce(ReduceOp.Any, [dim], keepdim);

    /// <summary>The largest element (a 0-d tensor).</summary>
    public Tensor max() => Reduce(ReduceOp.AMax, null, false);
    public Tensor min() => Reduce(ReduceOp.AMin, null, false);

    /// <summary>The largest values along dim and where they are.</summary>
    public (Tensor Values, Tensor Indices) max(long dim, bool keepdim = false) => MaxMin(dim, keepdim, isMax: true);
    public (Tensor Values, Tensor Indices) min(long dim, bool keepdim = false) => MaxMin(dim, keepdim, isMax: false);

    private (Tensor, Tensor) MaxMin(long dim, bool keepdim, bool isMax)
    {
        IntPtr indices;
        var values = Keep(LibTorch.rt_max_min_dim(Handle, dim, keepdim ? 1 : 0, isMax ? 1 : 0, &indices), isMax ? "max" : "min");
        return (values, new Tensor(indices));
    }

    /// <summary>The index of the largest element of the flattened tensor.</summary>
    public Tensor argmax() => Keep(LibTorch.rt_arg_max_min(Handle, 0, 0, 0, 1), "argmax");
    public Tensor argmax(long dim, bool keepdim = false) => Keep(LibTorch.rt_arg_max_min(Handle, 1, dim, keepdim ? 1 : 0, 1), "argmax");
    public Tensor argmin() => Keep(LibTorch.rt_arg_max_min(Handle, 0, 0, 0, 0), "argmin");
    public Tensor argmin(long dim, bool keepdim = false) => Keep(LibTorch.rt_arg_max_min(Handle, 1, dim, keepdim ? 1 : 0, 0), "argmin");

    /// <summary>The p-norm of all elements, or along the given dims.</summary>
    public Tensor norm(double p = 2) => Norm(p, null, false);
    public Tensor norm(double p, long dim, bool keepdim = false) => Norm(p, [dim], keepdim);
    public Tensor norm(double p, long[] dims, bool keepdim = false) => Norm(p, dims, keepdim);

    private Tensor Norm(double p, long[]? dims, bool keepdim)
    {
        fixed (long* d = dims) return Keep(LibTorch.rt_norm(Handle, p, d, dims?.Length ?? -1, keepdim ? 1 : 0), "norm");
    }

    /// <summary>Variance; unbiased uses Bessel's correction (n - 1), as PyTorch does by default.</summary>
    public Tensor var(bool unbiased = true) => VarStd(null, unbiased ? 1 : 0, false, isStd: false);
    public Tensor var(long dim, bool unbiased = true, bool keepdim = false) => VarStd([dim], unbiased ? 1 : 0, keepdim, isStd: false);
    public Tensor var(long[] dims, bool unbiased = true, bool keepdim = false) => VarStd(dims, unbiased ? 1 : 0, keepdim, isStd: false);
    public Tensor std(bool unbiased = true) => VarStd(null, unbiased ? 1 : 0, false, isStd: true);
    public Tensor std(long dim, bool unbiased = true, bool keepdim = false) => VarStd([dim], unbiased ? 1 : 0, keepdim, isStd: true);
    public Tensor std(long[] dims, bool unbiased = true, bool keepdim = false) => VarStd(dims, unbiased ? 1 : 0, keepdim, isStd: true);

    private Tensor VarStd(long[]? dims, long correction, bool keepdim, bool isStd)
    {
        fixed (long* d = dims)
            return Keep(LibTorch.rt_var_std(Handle, d, dims?.Length ?? -1, correction, keepdim ? 1 : 0, isStd ? 1 : 0), isStd ? "std" : "var");
    }

    public Tensor cumsum(long dim, ScalarType? dtype = null) =>
        Keep(LibTorch.rt_cumsum(Handle, dim, dtype.HasValue ? (int)dtype.Value : -1), "cumsum");

    public Tensor cumprod(long dim) => Keep(LibTorch.rt_cumprod(Handle, dim), "cumprod");
}
