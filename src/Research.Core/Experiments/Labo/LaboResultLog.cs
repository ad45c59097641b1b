using Research.Core.Metrics;
using Research.Core.Training;

namespace Research.Core.Experiments.Labo;

/// <summary>What a LABO-R image run writes to its log (per epoch the training loss and NLL, the validation loss and
/// top-1, the learning rate; at the end the scores of each split and the test set's reliability bins), and the result
/// read back from it when a run is reused.</summary>
internal static class LaboResultLog
{
    public static void Write(RunLog run, IReadOnlyList<EpochResult> history, LaboRunResult result)
    {
        foreach (var e in history)
        {
            run.LogEpoch(e.Epoch, "train_loss", e.Train.MeanLoss);
            run.LogEpoch(e.Epoch, "train_nll", e.Train.Mean("nll"));
            run.LogEpoch(e.Epoch, "valid_loss", e.Valid!.MeanLoss);
            run.LogEpoch(e.Epoch, "valid_top1", e.Valid.Accuracy);
            run.LogEpoch(e.Epoch, "lr", e.LearningRate);
        }
        foreach (var (split, scores) in new[] { ("valid", result.Valid), ("test", result.Test) })
        {
            run.SetResult($"{split}_top1", scores.Top1);
            run.SetResult($"{split}_nll", scores.Nll);
            run.SetResult($"{split}_ece", scores.Ece);
        }
        for (var b = 0; b < result.Test.Bins.Count; b++)
        {
            var bin = result.Test.Bins[b];
            run.SetResult($"test_bin_count:{b}", bin.Count);
            run.SetResult($"test_bin_confidence:{b}", bin.Confidence);
            run.SetResult($"test_bin_accuracy:{b}", bin.Accuracy);
        }
        run.SetResult("train_clean_top1", result.TrainCleanTop1);
        run.SetResult("train_seconds", result.Seconds);
        run.SetResult("epochs", result.Epochs);
    }

    /// <summary>A completed run's result from the store (the validation split's bins are not kept: none of the
    /// notebook's figures reads them).</summary>
    public static LaboRunResult Read(RunStore store, RunInfo run, LaboRunSpec spec)
    {
        var x = store.ResultsOf(run.Id);
        var count = 0;
        while (x.ContainsKey($"test_bin_count:{count}")) count++;
        var bins = Enumerable.Range(0, count).Select(b => new ReliabilityBin((double)b / count, (double)(b + 1) / count,
            (long)x[$"test_bin_count:{b}"], x[$"test_bin_confidence:{b}"], x[$"test_bin_accuracy:{b}"])).ToList();
        var method = spec.Method;
        return new LaboRunResult(method.Name, method.Label, method.Alpha, method.Temperature, method.EntropyRatio, spec.Noise, spec.Seed,
            (int)x["epochs"], Scores(x, "valid", []), Scores(x, "test", bins), x["train_clean_top1"], x["train_seconds"], run.Id, Reused: true);
    }

    private static LaboScores Scores(IReadOnlyDictionary<string, double> x, string split, IReadOnlyList<ReliabilityBin> bins) =>
        new(x[$"{split}_top1"], x[$"{split}_nll"], x[$"{split}_ece"], bins);
}
