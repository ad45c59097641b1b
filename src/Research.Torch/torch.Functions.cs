using Research.Torch.Native;

namespace Research.Torch;

// Free functions over several tensors (PyTorch's torch.cat, torch.where, ...) and aliases of tensor methods.
public static unsafe partial class torch
{
    public static Tensor cat(IReadOnlyList<Tensor> tensors, long dim = 0) => Combine(tensors, dim, stack: false);

    public static Tensor stack(IReadOnlyList<Tensor> tensors, long dim = 0) => Combine(tensors, dim, stack: true);

    private static Tensor Combine(IReadOnlyList<Tensor> tensors, long dim, bool stack)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var op = stack ? "stack" : "cat";
        if (tensors.Count == 0) throw new ArgumentException($"{op}: expected a non-empty list of tensors");
        var handles = new IntPtr[tensors.Count];
        for (var i = 0; i < handles.Length; i++)
            handles[i] = (tensors[i] ?? throw new ArgumentException($"{op}: tensor {i} is null")).Handle;
        IntPtr r;
        fixed (IntPtr* p = handles)
            r = stack ? LibTorch.rt_stack(p, handles.Length, dim) : LibTorch.rt_cat(p, handles.Length, dim);
        GC.KeepAlive(tensors);
        return Tensor.Wrap(r, op);
    }

    /// <summary>Elementwise <c>condition ? x : y</c>, broadcasting.</summary>
    public static Tensor where(Tensor condition, Tensor x, Tensor y)
    {
        var r = LibTorch.rt_where(condition.Handle, x.Handle, y.Handle);
        GC.KeepAlive(condition);
        GC.KeepAlive(x);
        GC.KeepAlive(y);
        return Tensor.Wrap(r, "where");
    }

    public static Tensor where(Tensor condition, Tensor x, Scalar y)
    {
        using var other = full_like(x, y);
        return where(condition, x, other);
    }

    /// <summary>Einstein summation, e.g. <c>einsum("bij,bjk->bik", a, b)</c>.</summary>
    public static Tensor einsum(string equation, params Tensor[] operands)
    {
        var handles = operands.Select(t => t.Handle).ToArray();
        IntPtr r;
        fixed (IntPtr* p = handles) r = LibTorch.rt_einsum(equation, p, handles.Length);
        GC.KeepAlive(operands);
        return Tensor.Wrap(r, "einsum");
    }

    public static Tensor matmul(Tensor a, Tensor b) => a.matmul(b);
    public static Tensor mm(Tensor a, Tensor b) => a.mm(b);
    public static Tensor bmm(Tensor a, Tensor b) => a.bmm(b);
    public static Tensor outer(Tensor a, Tensor b) => a.outer(b);

    /// <summary><c>beta * input + alpha * (a @ b)</c>.</summary>
    public static Tensor addmm(Tensor input, Tensor a, Tensor b, Scalar? beta = null, Scalar? alpha = null)
    {
        var r = LibTorch.rt_addmm(input.Handle, a.Handle, b.Handle, beta ?? 1, alpha ?? 1);
        GC.KeepAlive(input);
        GC.KeepAlive(a);
        GC.KeepAlive(b);
        return Tensor.Wrap(r, "addmm");
    }

    /// <summary>Pairwise p-norm distances between the rows of a and b.</summary>
    public static Tensor cdist(Tensor a, Tensor b, double p = 2)
    {
        var r = LibTorch.rt_cdist(a.Handle, b.Handle, p);
        GC.KeepAlive(a);
        GC.KeepAlive(b);
        return Tensor.Wrap(r, "cdist");
    }

    public static Tensor softmax(Tensor t, long dim, ScalarType? dtype = null) => t.softmax(dim, dtype);
    public static Tensor log_softmax(Tensor t, long dim, ScalarType? dtype = null) => t.log_softmax(dim, dtype);
    public static Tensor logsumexp(Tensor t, long dim, bool keepdim = false) => t.logsumexp(dim, keepdim);
    public static Tensor exp(Tensor t) => t.exp();
    public static Tensor log(Tensor t) => t.log();
    public static Tensor sqrt(Tensor t) => t.sqrt();
    public static Tensor abs(Tensor t) => t.abs();
    public static Tensor tanh(Tensor t) => t.tanh();
    public static Tensor sigmoid(Tensor t) => t.sigmoid();
    public static Tensor relu(Tensor t) => t.relu();
    public static Tensor pow(Tensor t, Scalar exponent) => t.pow(exponent);
    public static Tensor clamp(Tensor t, Scalar? min = null, Scalar? max = null) => t.clamp(min, max);
    public static Tensor sum(Tensor t) => t.sum();
    public static Tensor mean(Tensor t) => t.mean();
    public static Tensor maximum(Tensor a, Tensor b) => a.maximum(b);
    public static Tensor minimum(Tensor a, Tensor b) => a.minimum(b);
    public static Tensor flatten(Tensor t, long start_dim = 0, long end_dim = -1) => t.flatten(start_dim, end_dim);
    public static Tensor gather(Tensor t, long dim, Tensor index) => t.gather(dim, index);
    public static Tensor index_select(Tensor t, long dim, Tensor index) => t.index_select(dim, index);
    public static Tensor tril(Tensor t, long diagonal = 0) => t.tril(diagonal);
    public static Tensor triu(Tensor t, long diagonal = 0) => t.triu(diagonal);
    public static Tensor[] split(Tensor t, long split_size, long dim = 0) => t.split(split_size, dim);
    public static Tensor[] chunk(Tensor t, long chunks, long dim = 0) => t.chunk(chunks, dim);
    public static Tensor narrow(Tensor t, long dim, long start, long length) => t.narrow(dim, start, length);
    public static Tensor squeeze(Tensor t) => t.squeeze();
    public static Tensor unsqueeze(Tensor t, long dim) => t.unsqueeze(dim);
    public static Tensor transpose(Tensor t, long dim0, long dim1) => t.transpose(dim0, dim1);
    public static Tensor permute(Tensor t, params long[] dims) => t.permute(dims);
    public static Tensor reshape(Tensor t, params long[] shape) => t.reshape(shape);
    public static bool allclose(Tensor a, Tensor b, double rtol = 1e-5, double atol = 1e-8) => a.allclose(b, rtol, atol);
    public static bool equal(Tensor a, Tensor b) => a.equal(b);

    public static class linalg
    {
        public static Tensor solve(Tensor a, Tensor b)
        {
            var r = LibTorch.rt_linalg_solve(a.Handle, b.Handle);
            GC.KeepAlive(a);
            GC.KeepAlive(b);
            return Tensor.Wrap(r, "linalg.solve");
        }

        /// <summary>Eigen-decomposition of a symmetric matrix: ascending eigenvalues and column eigenvectors.</summary>
        public static (Tensor Eigenvalues, Tensor Eigenvectors) eigh(Tensor a)
        {
            IntPtr vectors;
            var values = LibTorch.rt_linalg_eigh(a.Handle, &vectors);
            GC.KeepAlive(a);
            var v = Tensor.Wrap(values, "linalg.eigh");
            return (v, new Tensor(vectors));
        }

        public static (Tensor U, Tensor S, Tensor Vh) svd(Tensor a, bool full_matrices = true)
        {
            IntPtr s, vh;
            var u = LibTorch.rt_linalg_svd(a.Handle, full_matrices ? 1 : 0, &s, &vh);
            GC.KeepAlive(a);
            var uu = Tensor.Wrap(u, "linalg.svd");
            return (uu, new Tensor(s), new Tensor(vh));
        }

        public static Tensor norm(Tensor t, double ord = 2, long? dim = null, bool keepdim = false) =>
            dim.HasValue ? t.norm(ord, dim.Value, keepdim) : t.norm(ord);
    }
}
