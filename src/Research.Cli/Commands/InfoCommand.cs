using System.CommandLine;
using System.Reflection;
using System.Runtime;
using Research.Core.Engine;
using TorchSharp;

namespace Research.Cli.Commands;

/// <summary><c>research info</c>: what the engine runs on.</summary>
[CliCommand]
internal static class InfoCommand
{
    internal static Command Create()
    {
        var command = new Command("info", "Print the libtorch and TorchSharp versions, how TorchSharp's native shim was loaded, " +
                                          "the BLAS and OpenMP in use, the allocator settings, the thread count, the devices and the GC mode.");
        command.SetAction(_ =>
        {
            TorchRuntime.EnsureLoaded();
            var torchSharp = typeof(torch).Assembly;
            var version = torchSharp.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                          ?? torchSharp.GetName().Version?.ToString();
            Console.WriteLine($"libtorch        {torch.__version__}");
            Console.WriteLine($"TorchSharp      {version}");
            Console.WriteLine($"native shim     {TorchRuntime.Route()}");
            Console.WriteLine($"BLAS            {LinkedMaths.StaticMkl() ?? "no BLAS linked into libtorch_cpu.so (see the libraries below)"}");
            foreach (var library in LinkedMaths.MappedLibraries())
                Console.WriteLine($"BLAS/OpenMP lib {library}");
            Console.WriteLine($"malloc          {NativeAllocator.DescribeMalloc()}");
            Console.WriteLine($"huge pages      {NativeAllocator.DescribeHugePages()}");
            Console.WriteLine($"threads         {torch.get_num_threads()} intra-op, {torch.get_num_interop_threads()} inter-op (RESEARCH_NUM_THREADS sets intra-op)");
            var cuda = torch.cuda.is_available();
            Console.WriteLine($"devices         cpu{(cuda ? $", cuda × {torch.cuda.device_count()}" : "")} (CUDA available: {(cuda ? "yes" : "no")})");
            // TorchSharp 0.107 can lose a temporary Scalar to a background GC mid-call (STACK.md): the kit runs with it off.
            var concurrent = GCSettings.LatencyMode != GCLatencyMode.Batch;
            Console.WriteLine($"GC              {(GCSettings.IsServerGC ? "server" : "workstation")}, concurrent {(concurrent ? "ON" : "off")}");
            Console.WriteLine($".NET            {Environment.Version}, {Environment.ProcessorCount} cores");
            return 0;
        });
        return command;
    }
}
