using Research.Torch.Native;

namespace Research.Torch;

// In-place random fills (used by nn.init) and data replacement (used by Module.to).
public sealed partial class Tensor
{
    /// <summary>Fills with draws from U[from, to).</summary>
    public Tensor uniform_(double from = 0, double to = 1) => RandomFill(0, from, to, "uniform_");

    /// <summary>Fills with draws from N(mean, std²).</summary>
    public Tensor normal_(double mean = 0, double std = 1) => RandomFill(1, mean, std, "normal_");

    /// <summary>Fills with 1 with probability p, else 0.</summary>
    public Tensor bernoulli_(double p = 0.5) => RandomFill(2, p, 0, "bernoulli_");

    private Tensor RandomFill(int kind, double a, double b, string op)
    {
        LibTorch.Check(LibTorch.rt_random_(Handle, kind, a, b), op);
        GC.KeepAlive(this);
        return this;
    }

    /// <summary>Makes this tensor use data's storage, dtype and device while keeping its identity
    /// (PyTorch's <c>param.data = new</c>): optimisers and tied modules keep pointing at it.</summary>
    public void set_data(Tensor data)
    {
        LibTorch.Check(LibTorch.rt_tensor_set_data(Handle, data.Handle), "set_data");
        GC.KeepAlive(data);
        GC.KeepAlive(this);
    }
}
