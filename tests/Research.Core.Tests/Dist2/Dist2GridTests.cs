using Research.Core.Data.Synthetic;
using Research.Core.Experiments;
using Research.Core.Experiments.Dist2;

namespace Research.Core.Tests.Dist2;

/// <summary>The DIST2 grid that notebook 01 and `research sweep dist2` share, and reusing finished runs from the store.</summary>
public sealed class Dist2GridTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("research-dist2-grid-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void The_full_grid_is_the_issues_grid()
    {
        var full = Dist2Scale.Full;
        int[] seeds = [1, 2, 3, 4, 5];
        var tuning = Dist2Grid.Tuning(full, seed: 1);
        Assert.Equal(6, tuning.Count);
        Assert.All(tuning, s => Assert.Equal((NumberTokenisation.OneToken, Dist2Condition.Dist2, 100, 1), (s.Tokenisation, s.Condition, s.TrainSize, s.Seed)));
        Assert.Equal(6, tuning.Select(s => (s.Alpha, s.Tau)).Distinct().Count());

        var taskA = Dist2Grid.TaskA(full, seeds, alpha: 1, tau: 2);
        Assert.Equal(2 * 4 * 5 * 5 + 4 * 5, taskA.Count);    // five conditions for both tokenisations, place values for digits only
        Assert.Equal(taskA.Count, taskA.Distinct().Count());
        Assert.DoesNotContain(taskA, s => s.Tokenisation == NumberTokenisation.OneToken && s.Condition == Dist2Condition.Dist2PlaceValue);
        Assert.All(taskA, s => Assert.Equal((1.0, 2.0), (s.Alpha, s.Tau)));

        var taskB = Dist2Grid.TaskB(full, seeds, alpha: 1, tau: 2);
        Assert.Equal(2 * 3 * 5 * 4, taskB.Count);
        Assert.DoesNotContain(taskB, s => s.Condition == Dist2Condition.VocabBaseline);
    }

    [Fact]
    public void Choose_takes_the_lowest_validation_mae()
    {
        RegressionRunResult Tuned(double alpha, double tau, double validMae) =>
            new("dist2", "OneToken", 100, 1, alpha, tau, 9, 9, 0, validMae, 9, 9, 10, 1, 1);
        Assert.Equal((1.0, 8.0), Dist2Grid.Choose([Tuned(0.1, 1, 7.2), Tuned(1, 8, 6.9), Tuned(1, 2, 7.0)]));
        Assert.Throws<ArgumentException>(() => Dist2Grid.Choose([]));
    }

    [Fact]
    public void A_finished_run_is_read_back_instead_of_trained_again()
    {
        using var store = RunStore.Open(Path.Combine(directory, "runs.db"));
        var spec = new RegressionRunSpec(NumberTokenisation.OneToken, Dist2Condition.Dist2, TrainSize: 20, Seed: 1, Steps: 2);
        var trained = RegressionRunner.Run(Dist2Scale.Quick, spec, store, reuse: true);
        var read = RegressionRunner.Run(Dist2Scale.Quick, spec, store, reuse: true);
        var fresh = RegressionRunner.Run(Dist2Scale.Quick, spec, store);
        Assert.False(trained.Reused);
        Assert.Equal(trained with { Reused = true }, read);
        Assert.False(fresh.Reused);
        Assert.NotEqual(trained.RunId, fresh.RunId);
        Assert.Equal(trained.Mae, fresh.Mae);      // same seed, same code: the same run
        Assert.Null(RegressionRunner.Find(Dist2Scale.Quick, spec with { Seed = 2 }, store));

        var blob = new BlobRunSpec(CoordinateTokenisation.XThenY, Dist2Condition.CrossEntropy, TrainSize: 20, Seed: 1, Steps: 2);
        var blobTrained = BlobRunner.Run(blob, store, reuse: true);
        Assert.Equal(blobTrained with { Reused = true }, BlobRunner.Run(blob, store, reuse: true));
        Assert.Equal(3, store.Runs().Count);   // trained, fresh and the blob run: reading adds none
    }
}
