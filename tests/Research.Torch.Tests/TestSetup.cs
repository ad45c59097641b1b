using System.Runtime.CompilerServices;
using Research.Torch;

[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]

namespace Research.Torch.Tests;

internal static class TestSetup
{
    // One intra-op thread (libtorch, OpenMP and OpenBLAS) for every test, set before the native library loads.
    [ModuleInitializer]
    internal static void OneThread() => torch.configure(1);
}
