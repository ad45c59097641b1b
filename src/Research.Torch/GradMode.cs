using Research.Torch.Native;

namespace Research.Torch;

/// <summary>Restores the thread's previous grad mode when disposed (see <see cref="torch.no_grad"/>).</summary>
public sealed class GradModeScope : IDisposable
{
    private readonly bool previous;
    private bool disposed;

    internal GradModeScope(bool enabled)
    {
        NativeLoader.EnsureLoaded();
        previous = LibTorch.Check(LibTorch.rt_set_grad_enabled(enabled ? 1 : 0), "set_grad_enabled") != 0;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        LibTorch.rt_set_grad_enabled(previous ? 1 : 0);
    }
}

public static partial class torch
{
    /// <summary><c>using (torch.no_grad()) { ... }</c>: no autograd graph is recorded on this thread inside.</summary>
    public static GradModeScope no_grad() => new(false);

    public static GradModeScope enable_grad() => new(true);

    public static GradModeScope set_grad_enabled(bool enabled) => new(enabled);

    public static bool is_grad_enabled()
    {
        NativeLoader.EnsureLoaded();
        return LibTorch.rt_is_grad_enabled() != 0;
    }
}
