using System.Runtime.CompilerServices;
using Research.Torch;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Research.Core.Tests;

internal static class TestSetup
{
    // One intra-op thread (libtorch, OpenMP and OpenBLAS), set before the native library loads.
    [ModuleInitializer]
    internal static void OneThread() => torch.configure(1);
}
