using Research.Core.Training;
using TorchSharp;

namespace Research.Core.Experiments.Guidance;

/// <summary>The trained-guide arm's first stage, shared by E1/E2 and E3: the guide trains on the target's data with
/// Adam, its test accuracy is logged, and it is put in eval mode, as every arm's guide is.</summary>
public static class GuideTraining
{
    /// <summary>Trains <paramref name="guide"/> when <paramref name="trained"/> and returns its test accuracy (NaN for
    /// an untrained guide); the guide ends in eval mode either way.</summary>
    public static double Prepare<TBatch>(torch.nn.Module guide, IObjective<TBatch> objective, bool trained, int epochs, double learningRate,
        IBatchSource<TBatch> train, IBatchSource<TBatch> test, RunLog? run, CancellationToken cancel)
    {
        var accuracy = double.NaN;
        if (trained)
        {
            var trainer = new Trainer<TBatch>(guide, objective, new TrainerOptions(epochs, p => torch.optim.Adam(p, lr: learningRate), RestoreBest: false));
            trainer.Fit(train, name: "guide", cancel: cancel);
            accuracy = trainer.Evaluate(test).Accuracy;
            run?.SetResult("guide_test_accuracy", accuracy);
        }
        guide.eval();
        return accuracy;
    }
}
