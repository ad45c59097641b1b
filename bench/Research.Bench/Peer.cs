using System.Diagnostics;
using System.Text.Json;
using Research.Core.Engine;

namespace Research.Bench;

/// <summary>
/// python3-torch (bench/torch_bench.py): times the same suite and cases outside the kit and prints the measurements
/// as JSON. Debian's python3-torch links OpenBLAS, which starts its own threads unless OPENBLAS_NUM_THREADS says
/// otherwise (torch.set_num_threads does not reach it), so the peer always runs with it set to the thread count.
/// Where the kit set glibc's malloc thresholds in its own process (<see cref="NativeAllocator"/>), the peer gets the
/// same ones through GLIBC_TUNABLES, so both sides run under one allocator setting.
/// </summary>
public sealed record Peer(string Name, string Program, string[] Prefix)
{
    public static Peer PyTorch(string benchFolder) =>
        new("PyTorch", "/usr/bin/python3", [Path.Combine(benchFolder, "torch_bench.py")]);

    public IReadOnlyList<Measurement> Run(string suite, int runs, int threads)
    {
        var environment = new Dictionary<string, string>
        {
            ["OMP_NUM_THREADS"] = threads.ToString(),
            ["OPENBLAS_NUM_THREADS"] = threads.ToString(),
            ["MKL_NUM_THREADS"] = threads.ToString(),
        };
        if (NativeAllocator.MallocSetByKit) environment["GLIBC_TUNABLES"] = NativeAllocator.EquivalentTunables;
        var stdout = RunChecked(Program, [.. Prefix, suite, "--runs", runs.ToString(), "--threads", threads.ToString()], environment);
        return JsonSerializer.Deserialize<List<Measurement>>(stdout, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
               ?? throw new InvalidDataException($"{Name} printed no measurements for {suite}");
    }

    /// <summary>The peer's versions and build, in its own words (one line).</summary>
    public string Describe() => RunChecked(Program, [.. Prefix, "--describe"]).Trim();

    private static string RunChecked(string program, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed with exit code {process.ExitCode}: {stderr.Result}");
        return stdout;
    }

    public static string FindBenchFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", "torch_bench.py");
            if (File.Exists(candidate)) return Path.GetDirectoryName(candidate)!;
        }
        throw new FileNotFoundException("bench/torch_bench.py was not found above " + AppContext.BaseDirectory);
    }
}
