using Research.Core.Data.Text;
using Research.Core.Experiments.Labo;
using Research.Core.Models;
using Research.Core.Training;
using Research.Core.Training.Optimizers;
using static TorchSharp.torch;

namespace Research.Bench;

/// <summary>
/// Paper 3's speed target on the translation model itself: one training step of LABO-R's full-scale encoder-decoder
/// (TranslationScale.Full: d 128, 2+2 pre-norm layers, 4 heads, FFN 512, dropout 0.1, shared embeddings, V = 8000)
/// on a batch of 128 pairs × 32 source and 32 target tokens (4,096 target tokens, the full scale's batch), through
/// the kit's TranslationObjective and SafeAdam: fairseq-style LS (α = 0.1), LABO-R (α = 0.1, T = 1) and its budget
/// form (r = 0.8), specials masked as in the experiment. Target: LABO-R / LS ≤ 1.1 in the same run. No PyTorch twin
/// of this model exists, so the ratios are the kit's own.
/// </summary>
public sealed class LaboTranslationSuite : IBenchSuite
{
    public const int Vocabulary = 8000, Batch = 128, Length = 32;

    public string Name => "label-reg-mt";
    public string Description => "paper 3: LS vs LABO-R (T = 1, budget r = 0.8) train step of the full-scale MT encoder-decoder (V = 8000, 4,096 target tokens); target LABO-R / LS <= 1.1";
    public bool HasPeer => false;

    public IEnumerable<(string Route, string Reference)> Comparisons =>
        [("mt_model_step_labo_r", "mt_model_step_ls"), ("mt_model_step_labo_r_budget", "mt_model_step_ls")];

    private static readonly (string Name, LaboMethod Method)[] Methods =
        [("ls", LaboMethod.Ls(0.1)), ("labo_r", LaboMethod.LaboR(0.1, 1)), ("labo_r_budget", LaboMethod.LaboRBudget(0.1, 0.8))];

    public IEnumerable<Measurement> Run(int runs)
    {
        foreach (var (name, method) in Methods) yield return Step(name, method, runs);
    }

    private static Measurement Step(string name, LaboMethod method, int runs)
    {
        manual_seed(0);
        using var model = new TranslationTransformer(TranslationScale.Full.Model(Vocabulary));
        model.train();
        var objective = new TranslationObjective(model, method.Options(new TranslationSpecials().All));
        var parameters = model.parameters().ToList();
        using var optimizer = new SafeAdam(parameters, 7e-4, beta1: 0.9, beta2: 0.98);
        var random = new Random(0);
        int[][] Sentences() => Enumerable.Range(0, Batch).Select(_ => Enumerable.Range(0, Length - 1).Select(_ => random.Next(4, Vocabulary)).ToArray()).ToArray();
        using var batch = TranslationBatchSource.Make(Sentences(), Sentences());
        return Measurement.Take($"mt_model_step_{name}", () =>
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            objective.Compute(batch).Loss.backward();
            optimizer.step();
        }, runs, 1);
    }
}
