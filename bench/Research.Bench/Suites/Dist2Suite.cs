using Research.Core.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Bench;

/// <summary>
/// DIST2Loss (paper 1) against plain cross entropy at a language model's output size: logits [8192, 32000] (B·T =
/// 8,192, V = 32,000), a metric sub-vocabulary of 1,000 number tokens, half the labels in it; forward and backward
/// of the loss only. Target (issue 11): DIST2 at most 1.3× CE's time. Peak memory is the rise of the process's
/// resident set (VmHWM after resetting it through /proc/self/clear_refs) over one forward and backward, printed here.
/// </summary>
public sealed class Dist2Suite : IBenchSuite
{
    public const int Rows = 8192, Vocabulary = 32_000, MetricTokens = 1000, MetricOffset = 5000;

    public string Name => "dist2";
    public string Description => $"DIST2Loss vs cross entropy, logits [{Rows}, {Vocabulary}], |V_d| = {MetricTokens}, forward + backward";

    public IEnumerable<(string Route, string Reference)> Comparisons => [("dist2_a", "ce"), ("dist2_b", "ce")];

    public IEnumerable<Measurement> Run(int runs)
    {
        manual_seed(0);
        using var logits = randn(Rows, Vocabulary).requires_grad_(true);
        using var labels = Labels();
        using var numbers = MetricVocabulary.Integers(MetricOffset, MetricTokens);
        var cases = new (string Name, Func<Tensor> Loss)[]
        {
            ("ce", () => nn.functional.cross_entropy(logits, labels)),
            ("dist2_a", () => Dist2Loss.Compute(logits, labels, numbers, Dist2Presets.AuthorCode).Loss),
            ("dist2_b", () => Dist2Loss.Compute(logits, labels, numbers, Dist2Presets.AuthorCode with { Variant = Dist2Variant.FullVocabulary }).Loss),
        };
        foreach (var (name, loss) in cases)
        {
            void Pass()
            {
                using var scope = NewDisposeScope();
                logits.grad?.Dispose();
                logits.grad = null;
                loss().backward();
            }
            var peak = PeakRiseMiB(Pass);
            Console.WriteLine($"  {name}: peak resident-set rise over one forward + backward {peak:F0} MiB (logits alone: {Rows * (long)Vocabulary * 4 / 1048576.0:F0} MiB)");
            yield return Measurement.Take(name, Pass, runs, 2);
        }
    }

    // Even rows carry a number token, odd rows any token.
    private static Tensor Labels()
    {
        var rng = new Random(1);
        var y = new long[Rows];
        for (var i = 0; i < Rows; i++) y[i] = i % 2 == 0 ? MetricOffset + rng.Next(MetricTokens) : rng.Next(Vocabulary);
        return tensor(y);
    }

    private static double PeakRiseMiB(Action pass)
    {
        const string clear = "/proc/self/clear_refs";
        if (!File.Exists(clear)) return double.NaN;
        pass();                                  // warm: the allocator's pools exist before the reset
        GC.Collect();
        File.WriteAllText(clear, "5");           // resets VmHWM to the current resident set
        var before = Status("VmRSS");
        pass();
        return (Status("VmHWM") - before) / 1024.0;
    }

    private static long Status(string field) =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
}
