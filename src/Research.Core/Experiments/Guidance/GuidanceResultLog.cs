using System.Diagnostics;
using Research.Core.Training;

namespace Research.Core.Experiments.Guidance;

/// <summary>The part of every guidance run (E1, E2, E3) after the models are built: test CKA before training, the
/// guided training itself (timed), test CKA after, the result, and its log.</summary>
internal static class GuidedFit
{
    public static GuidanceRunResult Run<TBatch>(Trainer<TBatch> trainer, IBatchSource<TBatch> train, IBatchSource<TBatch> test,
        Func<IReadOnlyList<string>> pairNames, Func<long> steps, string arm, bool translated, int seed, double guideAccuracy, RunLog? run,
        string name, CancellationToken cancel)
    {
        var before = trainer.Evaluate(test);
        var pairs = pairNames();                                       // known once the objective has seen a batch
        var clock = Stopwatch.StartNew();
        var history = trainer.Fit(train, test, name, cancel);
        var seconds = clock.Elapsed.TotalSeconds;
        double[] Ckas(LossSums sums) => Enumerable.Range(0, pairs.Count).Select(i => sums.Mean($"cka:{i}")).ToArray();
        var result = new GuidanceRunResult(arm, translated, seed,
            history.Select(e => e.Train.Mean("ce")).ToArray(),
            history.Select(e => e.Valid!.MeanLoss).ToArray(),
            history.Select(e => e.Valid!.Accuracy).ToArray(),
            history[^1].Valid!.Accuracy, history.Max(e => e.Valid!.Accuracy), guideAccuracy, pairs, Ckas(before), Ckas(history[^1].Valid!),
            seconds, steps(), run?.Id ?? -1);
        if (run is not null) GuidanceResultLog.Write(run, history, result.CkaBefore, result.CkaAfter, seconds);
        return result;
    }
}

/// <summary>What the guidance runners (E1, E2, E3) write to a run's log: per epoch the training CE (and alignment
/// term), the test CE and accuracy; per pair the test CKA before and after training; the final numbers.</summary>
internal static class GuidanceResultLog
{
    public static void Write(RunLog run, IReadOnlyList<EpochResult> history, double[] ckaBefore, double[] ckaAfter, double seconds)
    {
        foreach (var e in history)
        {
            run.LogEpoch(e.Epoch, "train_ce", e.Train.Mean("ce"));
            run.LogEpoch(e.Epoch, "test_ce", e.Valid!.MeanLoss);
            run.LogEpoch(e.Epoch, "test_accuracy", e.Valid.Accuracy);
            if (e.Train.Terms.ContainsKey("alignment")) run.LogEpoch(e.Epoch, "train_alignment", e.Train.Mean("alignment"));
        }
        for (var i = 0; i < ckaBefore.Length; i++)
        {
            run.SetResult($"cka_before:{i}", ckaBefore[i]);
            run.SetResult($"cka_after:{i}", ckaAfter[i]);
        }
        run.SetResult("final_test_accuracy", history[^1].Valid!.Accuracy);
        run.SetResult("best_test_accuracy", history.Max(e => e.Valid!.Accuracy));
        run.SetResult("final_train_ce", history[^1].Train.Mean("ce"));
        run.SetResult("train_seconds", seconds);
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
