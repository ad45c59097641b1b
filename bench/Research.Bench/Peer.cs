using System.Diagnostics;
using System.Text.Json;

namespace Research.Bench;

/// <summary>
/// A program that times the same suite and cases outside the kit and prints the measurements as JSON:
/// python3-torch (bench/torch_bench.py) or direct libtorch in C++ (bench/native, built with CMake on demand).
/// </summary>
public sealed record Peer(string Name, string Program, string[] Prefix, IReadOnlySet<string> Suites)
{
    public static Peer PyTorch(string benchFolder) =>
        new("PyTorch", "/usr/bin/python3", [Path.Combine(benchFolder, "torch_bench.py")], new HashSet<string> { "per-op", "gemm", "train-step", "lm-epoch" });

    public static Peer DirectLibtorch(string benchFolder)
    {
        var build = Path.Combine(benchFolder, "native", "build");
        var binary = Path.Combine(build, "libtorch_bench");
        if (!File.Exists(binary))
        {
            RunChecked("cmake", ["-S", Path.Combine(benchFolder, "native"), "-B", build, "-DCMAKE_BUILD_TYPE=Release"]);
            RunChecked("cmake", ["--build", build, "-j", "2"]);
        }
        return new("libtorch", binary, [], new HashSet<string> { "per-op", "gemm" });
    }

    public IReadOnlyList<Measurement> Run(string suite, int runs, int threads)
    {
        var stdout = RunChecked(Program, [.. Prefix, suite, "--runs", runs.ToString(), "--threads", threads.ToString()],
            new Dictionary<string, string> { ["OMP_NUM_THREADS"] = threads.ToString(), ["OPENBLAS_NUM_THREADS"] = threads.ToString() });
        return JsonSerializer.Deserialize<List<Measurement>>(stdout, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
               ?? throw new InvalidDataException($"{Name} printed no measurements for {suite}");
    }

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
