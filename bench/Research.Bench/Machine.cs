using System.Runtime;
using Research.Core.Engine;
using TorchSharp;

namespace Research.Bench;

/// <summary>
/// The facts a ratio depends on (STACK.md: the peer's speed varies with the CPU and its build): the CPU model as
/// lscpu names it, its family/model and vector extensions, the GC mode of this process, and the malloc tunables.
/// </summary>
public static class Machine
{
    public static IEnumerable<string> Describe(int threads)
    {
        var cpu = CpuInfo();
        string Field(string key) => cpu.TryGetValue(key, out var v) ? v : "?";
        var flags = Field("flags").Split(' ');
        var vector = string.Join(", ", new[] { "avx2", "avx512f", "avx512_bf16" }.Where(flags.Contains));
        yield return $"CPU: {Field("model name")} (lscpu), family {Field("cpu family")} model {Field("model")}, {Environment.ProcessorCount} cores, {vector}";
        yield return $"kit: .NET {Environment.Version}, TorchSharp {typeof(torch).Assembly.GetName().Version}, libtorch {torch.__version__}, " +
                     $"GC {(GCSettings.IsServerGC ? "server" : "workstation")} latency {GCSettings.LatencyMode} (Batch = concurrent off)";
        yield return $"threads: {threads} (torch.set_num_threads on both sides; OMP/OPENBLAS/MKL_NUM_THREADS for the peer)";
        yield return $"GLIBC_TUNABLES: {Environment.GetEnvironmentVariable("GLIBC_TUNABLES") ?? "(unset)"}; kit's malloc: {NativeAllocator.DescribeMalloc()}" +
                     (NativeAllocator.MallocSetByKit ? $" (the peer gets GLIBC_TUNABLES={NativeAllocator.EquivalentTunables})" : "");
        yield return $"kit's huge pages: {NativeAllocator.DescribeHugePages()}";
    }

    private static Dictionary<string, string> CpuInfo()
    {
        var info = new Dictionary<string, string>();
        if (!File.Exists("/proc/cpuinfo")) return info;
        foreach (var line in File.ReadLines("/proc/cpuinfo"))
        {
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            info.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }
        return info;
    }
}
