using Research.Core.Data.Text;
using Research.Core.Losses;
using Research.Core.Models;
using Research.Core.Training;
using static TorchSharp.torch;

namespace Research.Bench;

/// <summary>
/// One training epoch of the paper-5 language model (+REAL: tied classifier, augmented loss, variational
/// dropout) through the kit's own trainer, against the same model and loop in python3-torch
/// (bench/torch_bench.py lm-epoch). 30 windows of BPTT 35 x batch 20 (21k tokens), V 5k, d 64. Target: &lt;= 1.0x.
/// real_eval: the trainer's evaluation pass (eval mode, no_grad, state carried) over 30 windows at the tiers' evaluation
/// batch of 10, as each epoch's validation and the final test run it.
/// </summary>
public sealed class LanguageModelEpochSuite : IBenchSuite
{
    public const int Vocabulary = 5000, Dim = 64, Bptt = 35, Batch = 20, EvalBatch = 10, Windows = 30;

    public string Name => "lm-epoch";
    public string Description => "one epoch of the tied LSTM LM with the augmented loss (21k tokens, V 5k, d 64) plus a 2-window validation; one evaluation pass (10.5k tokens, batch 10); target <= 1.0x PyTorch";

    public IEnumerable<Measurement> Run(int runs)
    {
        manual_seed(0);
        using var train = Stream(Windows * Bptt + 1, Batch, 1);
        using var valid = Stream(2 * Bptt + 1, Batch, 2);
        using var held = Stream(Windows * Bptt + 1, EvalBatch, 3);
        using var model = new LstmLanguageModel(new LstmLanguageModelConfig(Vocabulary, Dim, Dim, Dropout: 0.3, Tied: true));
        var trainer = new LanguageModelTrainer(model, new LanguageModelTraining(Epochs: 1, Bptt, LearningRate: 20, Clip: 0.25,
            AugmentedLoss: new AugmentedLossOptions(0.5, 10, AugmentedLossScale.Tau), RestoreBest: false));
        yield return Measurement.Take("real_epoch", () => trainer.Train(train, valid), runs, 1);
        yield return Measurement.Take("real_eval", () => trainer.Evaluate(held), runs, 1);
    }

    // Zipf-like token ids, batchified [Batch, steps]: a realistic spread of distinct targets per window for the loss.
    internal static Tensor Stream(int steps, int batch, int seed)
    {
        var rng = new Random(seed);
        var ids = new int[steps * batch];
        for (var i = 0; i < ids.Length; i++) ids[i] = (int)Math.Min(Vocabulary - 1, Math.Floor(Math.Exp(rng.NextDouble() * Math.Log(Vocabulary))) - 1);
        return BpttBatches.Batchify(ids, batch);
    }
}
