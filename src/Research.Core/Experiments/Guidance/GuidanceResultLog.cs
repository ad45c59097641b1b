using Research.Core.Training;

namespace Research.Core.Experiments.Guidance;

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
