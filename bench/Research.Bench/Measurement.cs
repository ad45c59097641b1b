using System.Diagnostics;

namespace Research.Bench;

/// <summary>
/// Per-iteration wall time, CPU time and minor page faults: the median over runs, each run timing a block of
/// iterations. Faults show when the allocator hands memory back to the kernel and takes it again every iteration
/// (bench/RESULTS.md, "page faults"), which costs system time that a wall or CPU figure alone does not explain.
/// </summary>
public sealed record Measurement(string Case, double WallMicros, double CpuMicros, int Runs, int Iterations, double FaultsPerIteration = 0)
{
    /// <summary>Times `body` (one iteration) in `runs` blocks of `iterations`, after one warm-up block.</summary>
    public static Measurement Take(string name, Action body, int runs, int iterations)
    {
        if (runs < 5) throw new ArgumentOutOfRangeException(nameof(runs), $"medians need at least 5 runs, got {runs}");
        for (var i = 0; i < iterations; i++) body();
        var walls = new double[runs];
        var cpus = new double[runs];
        var faults = new double[runs];
        using var process = Process.GetCurrentProcess();
        for (var r = 0; r < runs; r++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var faults0 = MinorFaults();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < iterations; i++) body();
            walls[r] = clock.Elapsed.TotalMicroseconds / iterations;
            faults[r] = (MinorFaults() - faults0) / (double)iterations;
            process.Refresh();
            cpus[r] = (process.TotalProcessorTime - cpu0).TotalMicroseconds / iterations;
        }
        return new Measurement(name, Median(walls), Median(cpus), runs, iterations, Median(faults));
    }

    public static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    /// <summary>This process's minor page faults so far (field 10 of /proc/self/stat); 0 where there is no procfs.</summary>
    internal static long MinorFaults()
    {
        const string stat = "/proc/self/stat";
        if (!File.Exists(stat)) return 0;
        var text = File.ReadAllText(stat);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');   // fields from 3 (state) on; the name may hold spaces
        return long.Parse(fields[10 - 3], System.Globalization.CultureInfo.InvariantCulture);
    }
}
