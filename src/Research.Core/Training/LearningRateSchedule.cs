using TorchSharp.Modules;

namespace Research.Core.Training;

/// <summary>
/// A learning-rate schedule the trainer drives and checkpoints: it is told of steps and of validation results, and
/// its whole state round-trips through a JSON string, so a resumed run continues the schedule exactly.
/// </summary>
public interface ILearningRateSchedule
{
    void StepEnded(long globalStep) { }
    void EpochEnded(int epoch, double validationMetric) { }
    string SaveState();
    void LoadState(string state);
}

/// <summary>The learning rates of an optimizer's parameter groups.</summary>
public static class LearningRates
{
    public static double Of(OptimizerHelper optimizer) => optimizer.ParamGroups.First().LearningRate;

    public static void Set(OptimizerHelper optimizer, Func<double, double> update)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = update(group.LearningRate);
    }
}
