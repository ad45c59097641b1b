using System.Diagnostics;
using System.Text.Json;

namespace Research.Bench;

/// <summary>Runs a suite of bench/torch_bench.py under Debian's python3-torch and reads its measurements.</summary>
public static class PythonPeer
{
    public const string Interpreter = "/usr/bin/python3";

    public static IReadOnlyList<Measurement> Run(string suite, int runs, int threads)
    {
        var script = Path.Combine(FindBenchFolder(), "torch_bench.py");
        var start = new ProcessStartInfo(Interpreter, [script, suite, "--runs", runs.ToString(), "--threads", threads.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["OMP_NUM_THREADS"] = threads.ToString();
        start.Environment["OPENBLAS_NUM_THREADS"] = threads.ToString();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Interpreter}");
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} {suite} failed with exit code {process.ExitCode}: {stderr}");
        return JsonSerializer.Deserialize<List<Measurement>>(stdout, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
               ?? throw new InvalidDataException($"{script} printed no measurements");
    }

    private static string FindBenchFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", "torch_bench.py");
            if (File.Exists(candidate)) return Path.GetDirectoryName(candidate)!;
        }
        throw new FileNotFoundException("bench/torch_bench.py was not found above " + AppContext.BaseDirectory);
    }
}
