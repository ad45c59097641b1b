using Research.Torch.Native;

namespace Research.Torch;

// Random draws from libtorch's default CPU generator (seeded by manual_seed).
public static unsafe partial class torch
{
    /// <summary>Seeds libtorch's default generator, as torch.manual_seed does.</summary>
    public static void manual_seed(long seed)
    {
        NativeLoader.EnsureLoaded();
        LibTorch.Check(LibTorch.rt_manual_seed(unchecked((ulong)seed)), "manual_seed");
    }

    public static long initial_seed()
    {
        NativeLoader.EnsureLoaded();
        return unchecked((long)LibTorch.rt_initial_seed());
    }

    /// <summary>The default CPU generator's state (a uint8 tensor); with set_rng_state it makes a resumed run draw the same numbers.</summary>
    public static Tensor get_rng_state()
    {
        NativeLoader.EnsureLoaded();
        return Tensor.Wrap(LibTorch.rt_get_rng_state(), "get_rng_state");
    }

    public static void set_rng_state(Tensor state)
    {
        NativeLoader.EnsureLoaded();
        LibTorch.Check(LibTorch.rt_set_rng_state(state.Handle), "set_rng_state");
        GC.KeepAlive(state);
    }

    /// <summary>Uniform draws on [0, 1).</summary>
    public static Tensor rand(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        fixed (long* s = size) return Tensor.Wrap(LibTorch.rt_rand(s, size.Length, Code(dtype), Code(device), requires_grad ? 1 : 0), "rand");
    }

    public static Tensor rand(params long[] size) => rand(size, null);

    /// <summary>Standard normal draws.</summary>
    public static Tensor randn(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        fixed (long* s = size) return Tensor.Wrap(LibTorch.rt_randn(s, size.Length, Code(dtype), Code(device), requires_grad ? 1 : 0), "randn");
    }

    public static Tensor randn(params long[] size) => randn(size, null);

    /// <summary>Integers uniform on [low, high).</summary>
    public static Tensor randint(long low, long high, long[] size, ScalarType? dtype = null, Device? device = null)
    {
        fixed (long* s = size) return Tensor.Wrap(LibTorch.rt_randint(low, high, s, size.Length, Code(dtype), Code(device)), "randint");
    }

    public static Tensor randint(long high, long[] size, ScalarType? dtype = null) => randint(0, high, size, dtype);

    /// <summary>A random permutation of 0 .. n-1.</summary>
    public static Tensor randperm(long n, ScalarType? dtype = null, Device? device = null) =>
        Tensor.Wrap(LibTorch.rt_randperm(n, Code(dtype), Code(device)), "randperm");

    /// <summary>Draws 0/1 with the given probabilities.</summary>
    public static Tensor bernoulli(Tensor probabilities)
    {
        var r = LibTorch.rt_bernoulli(probabilities.Handle);
        GC.KeepAlive(probabilities);
        return Tensor.Wrap(r, "bernoulli");
    }

    public static Tensor multinomial(Tensor probabilities, long num_samples, bool replacement = false)
    {
        var r = LibTorch.rt_multinomial(probabilities.Handle, num_samples, replacement ? 1 : 0);
        GC.KeepAlive(probabilities);
        return Tensor.Wrap(r, "multinomial");
    }
}
