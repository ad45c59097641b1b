using System.Diagnostics;

namespace Research.Bench;

/// <summary>Per-iteration wall and CPU time: the median over runs, each run timing a block of iterations.</summary>
public sealed record Measurement(string Case, double WallMicros, double CpuMicros, int Runs, int Iterations)
{
    /// <summary>Times `body` (one iteration) in `runs` blocks of `iterations`, after one warm-up block.</summary>
    public static Measurement Take(string name, Action body, int runs, int iterations)
    {
        if (runs < 5) throw new ArgumentOutOfRangeException(nameof(runs), $"medians need at least 5 runs, got {runs}");
        for (var i = 0; i < iterations; i++) body();
        var walls = new double[runs];
        var cpus = new double[runs];
        using var process = Process.GetCurrentProcess();
        for (var r = 0; r < runs; r++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < iterations; i++) body();
            walls[r] = clock.Elapsed.TotalMicroseconds / iterations;
            process.Refresh();
            cpus[r] = (process.TotalProcessorTime - cpu0).TotalMicroseconds / iterations;
        }
        return new Measurement(name, Median(walls), Median(cpus), runs, iterations);
    }

    /// <summary>One measurement per case: the median of the rounds' medians (runs and iterations summed).</summary>
    public static List<Measurement> MedianByCase(IEnumerable<Measurement> rounds) =>
        rounds.GroupBy(m => m.Case)
            .Select(g => new Measurement(g.Key, Median(g.Select(m => m.WallMicros).ToArray()), Median(g.Select(m => m.CpuMicros).ToArray()),
                g.Sum(m => m.Runs), g.First().Iterations))
            .ToList();

    public static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}
