using Research.Core.Data.Loading;
using Research.Core.Data.Synthetic;
using Research.Core.Metrics;
using Research.Core.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Research.Core.Tests.Training;

/// <summary>Classification fits the one trainer: a TorchSharp classifier, <see cref="ClassificationObjective"/> and a tensor loader.</summary>
public sealed class ClassificationTrainingTests(ITestOutputHelper output)
{
    private static nn.Module<Tensor, Tensor> Mlp() =>
        nn.Sequential(nn.Linear(2, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 2));

    [Fact]
    public void A_small_classifier_learns_the_spiral_through_the_trainer()
    {
        using var scope = NewDisposeScope();
        var (x, y) = SpiralDataset.Generate(points: 200, seed: 3);
        var (xTest, yTest) = SpiralDataset.Generate(points: 100, seed: 1003);
        manual_seed(0);
        using var model = Mlp();
        var train = new TensorBatchSource(new TensorDataLoader([x, y], batchSize: 32, shuffle: true, seed: 1));
        var test = new TensorBatchSource(new TensorDataLoader([xTest, yTest], batchSize: 64));
        var trainer = new Trainer<TensorBatch>(model, new ClassificationObjective(model),
            new TrainerOptions(Epochs: 40, Optimizer: p => optim.Adam(p, lr: 0.01)));
        var history = trainer.Fit(train, test, "spiral");

        Assert.Equal(40, history.Count);
        Assert.All(history, e => Assert.Equal(400, e.Train.Count));
        Assert.All(history, e => Assert.Equal(200, e.Valid!.Count));
        Assert.True(history[0].Train.Accuracy < 0.8, $"the first epoch already reached {history[0].Train.Accuracy:P1}");
        var final = trainer.Evaluate(test);
        output.WriteLine($"first epoch train accuracy {history[0].Train.Accuracy:P1}; test accuracy {final.Accuracy:P1}, loss {final.MeanLoss:F4}");
        Assert.True(final.Accuracy > 0.95, $"test accuracy {final.Accuracy:P1}, mean loss {final.MeanLoss:F3}");
    }

    [Fact]
    public void The_global_step_counts_every_optimizer_step_without_a_schedule()
    {
        using var scope = NewDisposeScope();
        var (x, y) = SpiralDataset.Generate(points: 50, seed: 5);                   // 100 rows: 4 batches of 32 (the last of 4)
        manual_seed(2);
        using var model = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 2));
        var steps = new List<long>();
        var trainer = new Trainer<TensorBatch>(model, new ClassificationObjective(model), new TrainerOptions(3, p => optim.SGD(p, 0.1)),
            new StepRecorder(steps));
        var history = trainer.Fit(new TensorBatchSource(new TensorDataLoader([x, y], batchSize: 32)), name: "steps");

        Assert.Equal([4L, 8L, 12L], history.Select(e => e.GlobalStep));
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), steps);
    }

    private sealed class StepRecorder(List<long> steps) : ITrainingObserver
    {
        public void StepEnded(StepEnd step) => steps.Add(step.GlobalStep);
    }

    [Fact]
    public void Evaluation_sums_count_examples_hits_and_cross_entropy_exactly_over_uneven_batches()
    {
        using var scope = NewDisposeScope();
        var (x, y) = SpiralDataset.Generate(points: 150, seed: 4, classes: 3);      // 450 rows: 7 batches of 64 and one of 2
        manual_seed(1);
        using var model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 3));
        var trainer = new Trainer<TensorBatch>(model, new ClassificationObjective(model), new TrainerOptions(1, p => optim.SGD(p, 0.1)));
        var sums = trainer.Evaluate(new TensorBatchSource(new TensorDataLoader([x, y], batchSize: 64)));

        using var _ = no_grad();
        var logits = model.call(x);
        Assert.Equal(450, sums.Count);
        Assert.Equal(Accuracy.Count(logits, y).Correct, sums.Correct);
        var ce = nn.functional.cross_entropy(logits.to(float64), y, reduction: nn.Reduction.Sum).item<double>();
        Assert.Equal(ce, sums.Loss, ce * 1e-5);
        Assert.Equal(sums.Loss, sums.Terms["ce"]);
    }

    [Fact]
    public void Labels_that_do_not_fit_the_logits_are_named()
    {
        using var scope = NewDisposeScope();
        using var model = nn.Linear(2, 3);
        var objective = new ClassificationObjective(model);
        using var batch = new TensorBatch([randn(4, 2), zeros([4, 3], ScalarType.Int64)]);
        var e = Assert.Throws<ArgumentException>(() => objective.Compute(batch));
        Assert.Contains("labels has shape [4, 3] (Int64) but logits has shape [4, 3]: expected int64 labels [4]", e.Message);
        using var three = new TensorBatch([randn(4, 2), zeros([4], ScalarType.Int64), zeros(4)]);
        Assert.Contains("a batch holds (inputs, labels), got 3 tensors", Assert.Throws<ArgumentException>(() => objective.Compute(three)).Message);
    }
}
