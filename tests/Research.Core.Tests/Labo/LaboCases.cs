using Research.Core.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Labo;

/// <summary>Small float64 cases and the smoothing distributions under test, by name.</summary>
internal static class LaboCases
{
    public static Tensor Logits(int seed, params long[] shape)
    {
        manual_seed(seed);
        return randn(shape, float64).mul(tensor(2.0, float64));
    }

    public static Tensor Targets(int seed, long classes, params long[] shape)
    {
        manual_seed(seed + 1000);
        return randint(classes, shape, dtype: ScalarType.Int64);
    }

    public static ISmoothingDistribution Named(string name) => name switch
    {
        "ls-fairseq" => new UniformSmoothing(UniformConvention.Fairseq),
        "ls-pytorch" => new UniformSmoothing(UniformConvention.PyTorch),
        "tf-kd-reg" => new TeacherFreeSmoothing(),
        "labo-r-T0.5" => LaboRSmoothing.Penalty(0.5),
        "labo-r-T1" => LaboRSmoothing.Penalty(1),
        "labo-r-T4" => LaboRSmoothing.Penalty(4),
        "labo-r-T1-special1" => LaboRSmoothing.Penalty(1, [1]),
        "labo-r-budget0.8" => LaboRSmoothing.Budget(0.8),
        "labo-r-budget0.5-special1" => LaboRSmoothing.Budget(0.5, [1]),
        _ => throw new ArgumentException(name),
    };

    public static TheoryData<string> All() => new(
        "ls-fairseq", "ls-pytorch", "tf-kd-reg", "labo-r-T0.5", "labo-r-T1", "labo-r-T4", "labo-r-T1-special1",
        "labo-r-budget0.8", "labo-r-budget0.5-special1");

    public static TheoryData<string> LaboR() => new(
        "labo-r-T0.5", "labo-r-T1", "labo-r-T4", "labo-r-T1-special1", "labo-r-budget0.8", "labo-r-budget0.5-special1");

    /// <summary>Targets that avoid the special class 1 (a gold special would be legal but is not what the cases test).</summary>
    public static Tensor NonSpecialTargets(int seed, long classes, long rows)
    {
        var y = Targets(seed, classes, rows);
        return where(y.eq(tensor(1L)), tensor(0L), y);
    }

    /// <summary>fairseq's label_smoothed_nll_loss (labo.md §1.1), written out independently: eps_i = ε/(K − 1),
    /// (1 − ε − eps_i)·nll + eps_i·Σ_all(−log p), per row.</summary>
    public static Tensor FairseqLabelSmoothedNll(Tensor logits, Tensor targets, double epsilon)
    {
        var logp = logits.log_softmax(1);
        var nll = -logp.gather(1, targets.unsqueeze(1)).squeeze(1);
        var smooth = -logp.sum(1);
        var epsI = epsilon / (logits.shape[1] - 1);
        return nll * (1 - epsilon - epsI) + smooth * epsI;
    }

    /// <summary>The inner objective of labo.md §1.2 for one row: Σ_k q_k·(−log p̄_k) − T·H(q), with 0·log 0 = 0.</summary>
    public static double InnerObjective(double[] q, double[] logits, double temperature)
    {
        var max = logits.Max();
        var lse = max + Math.Log(logits.Sum(z => Math.Exp(z - max)));
        double ce = 0, entropy = 0;
        for (var k = 0; k < q.Length; k++)
        {
            if (q[k] == 0) continue;
            ce += q[k] * (lse - logits[k]);
            entropy -= q[k] * Math.Log(q[k]);
        }
        return ce - temperature * entropy;
    }
}
