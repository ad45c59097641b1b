using Research.Core.Losses;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Bench;

/// <summary>
/// Paper 3's speed target: LABO-R's step time at most 1.1× LS's on a translation-sized model, measured in the same run.
/// Steps: a decoder-shaped model (Embedding(V, 128), 2 encoder layers with a causal mask, 4 heads, FFN 512,
/// Linear(128, V), V = 4000 (post-norm layers: TorchSharp 0.107 has no norm_first); sequence 35, batch 20 = 700 target tokens; Adam), trained with fairseq-style LS (α = 0.1),
/// LABO-R (α = 0.1, T = 1) or its budget form (r = 0.8, 40 bisection steps). Loss cases: the loss forward and
/// backward alone on logits [2048, 4000]. python3-torch runs the same maths (bench/torch_bench.py).
/// </summary>
public sealed class LabelRegularizationSuite : IBenchSuite
{
    public const int Vocabulary = 4000, Dim = 128, Length = 35, Batch = 20, LossRows = 2048;

    public string Name => "label-reg";
    public string Description => "paper 3: LS vs LABO-R (T = 1, and budget r = 0.8) step on a V = 4000 decoder-shaped model and loss alone; target LABO-R / LS <= 1.1";

    public IEnumerable<(string Route, string Reference)> Comparisons =>
    [
        ("mt_step_labo_r", "mt_step_ls"), ("mt_step_labo_r_budget", "mt_step_ls"),
        ("loss_labo_r", "loss_ls"), ("loss_labo_r_budget", "loss_ls"),
    ];

    private static readonly (string Name, ISmoothingDistribution Smoothing)[] Methods =
    [
        ("ls", new UniformSmoothing(UniformConvention.Fairseq)),
        ("labo_r", LaboRSmoothing.Penalty(1)),
        ("labo_r_budget", LaboRSmoothing.Budget(0.8)),
    ];

    public IEnumerable<Measurement> Run(int runs)
    {
        foreach (var (name, smoothing) in Methods)
            yield return Step(name, new LabelRegularizationOptions(0.1, smoothing), runs);
        manual_seed(0);
        using var logits = randn(LossRows, Vocabulary).requires_grad_(true);
        using var targets = randint(0, Vocabulary, [LossRows]);
        foreach (var (name, smoothing) in Methods)
        {
            var options = new LabelRegularizationOptions(0.1, smoothing);
            yield return Measurement.Take($"loss_{name}", () =>
            {
                using var scope = NewDisposeScope();
                logits.grad = null;
                using var loss = LabelRegularization.Compute(logits, targets, options);
                loss.Loss.backward();
            }, runs, 10);
        }
    }

    private static Measurement Step(string name, LabelRegularizationOptions options, int runs)
    {
        manual_seed(0);
        using var embedding = nn.Embedding(Vocabulary, Dim);
        using var layer1 = nn.TransformerEncoderLayer(Dim, 4, dim_feedforward: 512, dropout: 0.1);
        using var layer2 = nn.TransformerEncoderLayer(Dim, 4, dim_feedforward: 512, dropout: 0.1);
        using var head = nn.Linear(Dim, Vocabulary);
        var parameters = new nn.Module[] { embedding, layer1, layer2, head }.SelectMany(m => m.parameters()).ToList();
        using var optimizer = optim.Adam(parameters, lr: 1e-3);
        using var input = randint(0, Vocabulary, [Length, Batch]);
        using var target = randint(0, Vocabulary, [Length * Batch]);
        using var mask = triu(full(Length, Length, float.NegativeInfinity), diagonal: 1);   // causal, additive
        return Measurement.Take($"mt_step_{name}", () =>
        {
            using var scope = NewDisposeScope();
            Gradients.SetToNone(parameters);
            var hidden = layer2.call(layer1.call(embedding.call(input), mask), mask);         // [T, N, d]
            using var loss = LabelRegularization.Compute(head.call(hidden.view(Length * Batch, Dim)), target, options);
            loss.Loss.backward();
            optimizer.step();
        }, runs, 5);
    }
}
