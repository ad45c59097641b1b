using System.CommandLine;
using Research.Torch;

namespace Research.Cli.Commands;

/// <summary><c>research info</c>: what the engine runs on.</summary>
[CliCommand]
internal static class InfoCommand
{
    internal static Command Create()
    {
        var command = new Command("info", "Print the libtorch version, the BLAS in use, the thread count and CUDA availability.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"libtorch        {torch.__version__}");
            Console.WriteLine($"native shim     {torch.native_library_path}");
            Console.WriteLine($"BLAS            {torch.blas_info()}");
            Console.WriteLine($"threads         {torch.get_num_threads()} intra-op (set RESEARCH_NUM_THREADS or torch.set_num_threads)");
            Console.WriteLine($"CUDA available  {(torch.cuda.is_available() ? $"yes, {torch.cuda.device_count()} device(s)" : "no")}");
            var coreType = Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE");
            if (!string.IsNullOrEmpty(coreType)) Console.WriteLine($"OPENBLAS_CORETYPE {coreType}");
            Console.WriteLine($".NET            {Environment.Version}, {Environment.ProcessorCount} cores");
            return 0;
        });
        return command;
    }
}
