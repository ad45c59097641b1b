using Research.Torch.Native;

namespace Research.Torch;

// Autograd on a tensor: backward, grad, zero_grad.
public sealed partial class Tensor
{
    /// <summary>Accumulates d(this)/d(leaf) into each leaf's grad. A non-scalar output needs a gradient.</summary>
    public void backward(Tensor? gradient = null, bool retain_graph = false, bool create_graph = false)
    {
        var g = HandleOrZero(gradient);
        LibTorch.Check(LibTorch.rt_backward(Handle, g, retain_graph ? 1 : 0, create_graph ? 1 : 0), "backward");
        GC.KeepAlive(gradient);
        GC.KeepAlive(this);
    }

    /// <summary>The accumulated gradient, or null. Each read returns a new handle to the same storage.</summary>
    public Tensor? grad
    {
        get
        {
            var g = LibTorch.rt_tensor_grad(Handle);
            GC.KeepAlive(this);
            if (g != IntPtr.Zero) return new Tensor(g);
            if (LibTorch.rt_last_error_kind() != 0) throw LibTorch.LastError("grad");
            return null;
        }
        set
        {
            LibTorch.Check(LibTorch.rt_tensor_set_grad(Handle, HandleOrZero(value)), "grad");
            GC.KeepAlive(value);
            GC.KeepAlive(this);
        }
    }

    /// <summary>Clears the accumulated gradient: to None by default (PyTorch 2's default), or to zeros.</summary>
    public void zero_grad(bool set_to_none = true)
    {
        LibTorch.Check(LibTorch.rt_tensor_zero_grad(Handle, set_to_none ? 1 : 0), "zero_grad");
        GC.KeepAlive(this);
    }

    public Tensor requires_grad_(bool requires_grad = true)
    {
        this.requires_grad = requires_grad;
        return this;
    }

    /// <summary>Keeps the gradient of a non-leaf tensor after backward.</summary>
    public void retain_grad()
    {
        LibTorch.Check(LibTorch.rt_tensor_retain_grad(Handle), "retain_grad");
        GC.KeepAlive(this);
    }
}
