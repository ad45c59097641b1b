using System.Diagnostics;
using Research.Core.Training;
using TorchSharp;

namespace Research.Core.Experiments.Guidance;

/// <summary>The part of every guidance run (E1, E2, E3) after the models are built: test CKA before training, the
/// guided training itself (timed; each epoch's test pass without the guide), test CKA after, the result, and its log.</summary>
internal static class GuidedFit
{
    /// <param name="measure">Turns the objective's CKA measurement in evaluation passes on or off: on before and after
    /// training, off for the per-epoch test passes, which report cross entropy and accuracy only (the guide's forward
    /// pass over the test set every epoch would cost more than the guided training steps).</param>
    public static GuidanceRunResult Run<TBatch>(Trainer<TBatch> trainer, IBatchSource<TBatch> train, IBatchSource<TBatch> test,
        Func<IReadOnlyList<string>> pairNames, Func<long> steps, Action<bool> measure, string arm, bool translated, int seed, double guideAccuracy,
        RunLog? run, string name, CancellationToken cancel)
    {
        measure(true);
        var before = trainer.Evaluate(test);
        var pairs = pairNames();                                       // known once the objective has seen a batch
        measure(false);
        var clock = Stopwatch.StartNew();
        var history = trainer.Fit(train, test, name, cancel);
        var seconds = clock.Elapsed.TotalSeconds;
        measure(true);
        var after = trainer.Evaluate(test);
        double[] Ckas(LossSums sums) => Enumerable.Range(0, pairs.Count).Select(i => sums.Mean($"cka:{i}")).ToArray();
        var result = new GuidanceRunResult(arm, translated, seed,
            history.Select(e => e.Train.Mean("ce")).ToArray(),
            history.Select(e => e.Valid!.MeanLoss).ToArray(),
            history.Select(e => e.Valid!.Accuracy).ToArray(),
            history[^1].Valid!.Accuracy, history.Max(e => e.Valid!.Accuracy), guideAccuracy, pairs, Ckas(before), Ckas(after),
            seconds, steps(), run?.Id ?? -1);
        if (run is not null) GuidanceResultLog.Write(run, history, result);
        return result;
    }
}

/// <summary>What the guidance runners (E1, E2, E3) write to a run's log (per epoch the training CE and alignment
/// term, the test CE and accuracy; per pair the test CKA before and after training; the final numbers), and the
/// result read back from it when a run is reused.</summary>
internal static class GuidanceResultLog
{
    public static void Write(RunLog run, IReadOnlyList<EpochResult> history, GuidanceRunResult result)
    {
        foreach (var e in history)
        {
            run.LogEpoch(e.Epoch, "train_ce", e.Train.Mean("ce"));
            run.LogEpoch(e.Epoch, "test_ce", e.Valid!.MeanLoss);
            run.LogEpoch(e.Epoch, "test_accuracy", e.Valid.Accuracy);
            if (e.Train.Terms.ContainsKey("alignment")) run.LogEpoch(e.Epoch, "train_alignment", e.Train.Mean("alignment"));
            for (var i = 0; i < result.Pairs.Count; i++)           // per-layer CKA on the training batches of guided steps
                if (e.Train.Terms.ContainsKey($"cka:{i}")) run.LogEpoch(e.Epoch, $"train_cka:{i}", e.Train.Mean($"cka:{i}"));
        }
        for (var i = 0; i < result.CkaBefore.Length; i++)
        {
            run.SetResult($"cka_before:{i}", result.CkaBefore[i]);
            run.SetResult($"cka_after:{i}", result.CkaAfter[i]);
        }
        run.SetResult("final_test_accuracy", result.FinalTestAccuracy);
        run.SetResult("best_test_accuracy", result.BestTestAccuracy);
        run.SetResult("final_train_ce", result.TrainLoss[^1]);
        run.SetResult("train_seconds", result.Seconds);
        run.SetResult("steps", result.Steps);
    }

    /// <summary>A completed run's result from the store. The pair names are not stored: the caller gets them from
    /// the same models (<see cref="PairNames"/>).</summary>
    public static GuidanceRunResult Read(RunStore store, RunInfo run, string arm, bool translated, IReadOnlyList<string> pairs, double learningRate)
    {
        var x = store.ResultsOf(run.Id);
        double[] PerEpoch(string name) => store.Metrics([run.Id], name, MetricKind.Epoch).Select(p => p.Value).ToArray();
        double[] PerPair(string name) => Enumerable.Range(0, pairs.Count).Select(i => x[$"{name}:{i}"]).ToArray();
        double Optional(string name) => x.TryGetValue(name, out var v) ? v : double.NaN;
        return new GuidanceRunResult(arm, translated, run.Seed, PerEpoch("train_ce"), PerEpoch("test_ce"), PerEpoch("test_accuracy"),
            x["final_test_accuracy"], x["best_test_accuracy"], Optional("guide_test_accuracy"), pairs, PerPair("cka_before"), PerPair("cka_after"),
            x["train_seconds"], (long)x["steps"], run.Id, Optional("valid_ce"), learningRate, Reused: true);
    }

    /// <summary>The (target ← guide) pair names the objective records, from one evaluation pass over a small sample.</summary>
    public static IReadOnlyList<string> PairNames<TBatch>(torch.nn.Module target, IObjective<TBatch> objective, IBatchSource<TBatch> sample,
        Func<IReadOnlyList<string>> names)
    {
        new Trainer<TBatch>(target, objective, new TrainerOptions(1, p => torch.optim.Adam(p))).Evaluate(sample);
        return names();
    }
}

/// <summary>Every step's training cross entropy and alignment term to the run's log.</summary>
internal sealed class GuidanceStepLog(RunLog run) : ITrainingObserver
{
    public void StepEnded(StepEnd step)
    {
        run.LogStep(step.GlobalStep, "train_ce", step.Sums.Mean("ce"));
        if (step.Sums.Terms.ContainsKey("alignment")) run.LogStep(step.GlobalStep, "train_alignment", step.Sums.Mean("alignment"));
    }
}
