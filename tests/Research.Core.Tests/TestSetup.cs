using System.Runtime.CompilerServices;
using Research.Core.Engine;
using TorchSharp;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Research.Core.Tests;

internal static class TestSetup
{
    // One intra-op thread for every test, set before the first test touches a tensor. EnsureLoaded is what a
    // notebook host needs; here the build already copied the right shim, and the call only applies the thread count.
    [ModuleInitializer]
    internal static void OneThread()
    {
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(1);
    }
}
