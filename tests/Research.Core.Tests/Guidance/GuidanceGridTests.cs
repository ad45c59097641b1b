using Research.Core.Data.Images;
using Research.Core.Experiments;
using Research.Core.Experiments.Guidance;
using Research.Core.Tests.Data;
using static TorchSharp.torch;

namespace Research.Core.Tests.Guidance;

/// <summary>The guidance grid that notebook 04 and `research sweep guidance` share (learning-rate sweeps, E2's gate,
/// the arms of E1, E2 and E3), its two choices, reading finished runs back from the store, and the runner's checks.</summary>
public sealed class GuidanceGridTests
{
    private static readonly int[] FiveSeeds = [1, 2, 3, 4, 5];

    [Fact]
    public void The_full_grid_is_the_protocols_grid()
    {
        var full = GuidanceScale.Full;
        var sweep = GuidanceGrid.LearningRateSweep(full, GuidanceTarget.DeepFcn, translated: true, seed: 1);
        Assert.Equal(5, sweep.Select(s => s.LearningRate).Distinct().Count());
        Assert.All(sweep, s => Assert.Equal((GuidanceArm.Base, true, 1), (s.Arm, s.Translated, s.Seed)));
        Assert.Contains(1e-3, sweep.Select(s => s.LearningRate!.Value));

        var gate = GuidanceGrid.Gate(full, seed: 1);
        Assert.Equal(6, gate.Count);
        Assert.Equal(new[] { 3, 5, 7 }, gate.Select(s => s.PlainBlocks!.Value).Distinct());       // plain-20, plain-32, plain-44
        Assert.All(gate, s => Assert.Equal((GuidanceArm.Base, 10_000, 3), (s.Arm, s.TrainImages!.Value, s.Epochs!.Value)));
        Assert.Equal(3, gate.Count(s => s.Target == GuidanceTarget.ResNet));

        var e1 = GuidanceGrid.E1(full, FiveSeeds, translated: false, learningRate: 3e-3);
        Assert.Equal(4 * 5, e1.Count);
        Assert.Equal(e1.Count, e1.Distinct().Count());
        Assert.All(e1, s => Assert.Equal((3e-3, GuidanceTarget.DeepFcn, true), (s.LearningRate!.Value, s.Target, s.CacheGuide)));
        Assert.Contains(e1, s => s with { Arm = GuidanceArm.Base } == sweep.Single(x => x.LearningRate == 3e-3) with { Translated = false });   // the base arm is a sweep run

        var e2 = GuidanceGrid.E2(full, FiveSeeds, plainBlocks: 5, learningRate: 1e-3);
        Assert.Equal(3 * 3, e2.Count);                                          // E2's runs are long: 3 seeds
        Assert.DoesNotContain(e2, s => s.Arm == GuidanceArm.Initialisation);
        Assert.All(e2, s => Assert.Equal((GuidanceTarget.PlainCnn, 5, 8), (s.Target, s.PlainBlocks!.Value, s.Epochs!.Value)));
        var e2Sweep = GuidanceGrid.LearningRateSweep(full, GuidanceTarget.PlainCnn, false, 1, plainBlocks: 5);
        Assert.Contains(e2, s => s.Arm == GuidanceArm.Base && s.Seed == 1 && e2Sweep.Contains(s));   // so is E2's

        Assert.Equal(3 * 3, GuidanceGrid.E3([1, 2, 3]).Count);
    }

    [Fact]
    public void The_learning_rate_is_the_one_with_the_lowest_validation_loss()
    {
        var runs = new[] { (1e-4, 0.61), (1e-3, 0.42), (1e-2, double.NaN), (3e-3, 0.45) }
            .Select(x => Run(new GuidanceRunSpec(GuidanceArm.Base, false, 1, LearningRate: x.Item1), validLoss: x.Item2));
        Assert.Equal(1e-3, GuidanceGrid.ChooseLearningRate(runs));
        Assert.Throws<ArgumentException>(() => GuidanceGrid.ChooseLearningRate([]));
    }

    [Fact]
    public void The_gate_takes_the_smallest_depth_where_plain_trails_ResNet_by_two_points()
    {
        GuidanceRun Gate(int blocks, GuidanceTarget target, double accuracy) =>
            Run(new GuidanceRunSpec(GuidanceArm.Base, false, 1, Target: target, PlainBlocks: blocks), accuracy: accuracy);
        GuidanceRun[] Depths(double gap20, double gap32, double gap44) =>
        [
            Gate(3, GuidanceTarget.PlainCnn, 0.80), Gate(3, GuidanceTarget.ResNet, 0.80 + gap20),
            Gate(5, GuidanceTarget.PlainCnn, 0.78), Gate(5, GuidanceTarget.ResNet, 0.78 + gap32),
            Gate(7, GuidanceTarget.PlainCnn, 0.70), Gate(7, GuidanceTarget.ResNet, 0.70 + gap44),
        ];
        Assert.Equal(new GateChoice(5, true), GuidanceGrid.ChooseDepth(Depths(0.005, 0.025, 0.10)));
        Assert.Equal(new GateChoice(3, true), GuidanceGrid.ChooseDepth(Depths(0.03, 0.0, 0.10)));
        Assert.Equal(new GateChoice(7, false), GuidanceGrid.ChooseDepth(Depths(0.0, -0.01, 0.015)));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void A_finished_run_is_read_back_instead_of_trained_again()
    {
        var scale = GuidanceScale.Quick with { TrainImages = 128, ValidImages = 64, TestImages = 64, Batch = 64, Depth = 3, Width = 32 };
        using var data = GuidanceData.Load(scale, translated: false);
        using var folder = new TempFolder();
        using var store = RunStore.Open(Path.Combine(folder.Path, "runs.db"));
        var spec = new GuidanceRunSpec(GuidanceArm.Trained, false, 1, Epochs: 1, LearningRate: 3e-3);
        var trained = GuidanceRunner.Run(scale, spec, data, store, reuse: true);
        var read = GuidanceRunner.Run(scale, spec, data, store, reuse: true);
        Assert.False(trained.Reused);
        Assert.True(read.Reused);
        Assert.Equal(trained.RunId, read.RunId);
        Assert.Equal(trained.Pairs, read.Pairs);
        Assert.Equal(trained.TrainLoss, read.TrainLoss);
        Assert.Equal(trained.TestAccuracy, read.TestAccuracy);
        Assert.Equal(trained.CkaAfter, read.CkaAfter);
        Assert.Equal((trained.ValidLoss, trained.GuideTestAccuracy, trained.Steps, 3e-3), (read.ValidLoss, read.GuideTestAccuracy, read.Steps, read.LearningRate));
        Assert.True(double.IsFinite(trained.ValidLoss));
        var trainCka = store.Metrics([trained.RunId], "train_cka:0", MetricKind.Epoch);   // per-layer CKA during training
        Assert.Single(trainCka);
        Assert.InRange(trainCka[0].Value, 0, 1);
        Assert.Null(GuidanceRunner.Find(scale, spec with { Seed = 2 }, store));
        Assert.Null(GuidanceRunner.Find(scale, spec with { LearningRate = 1e-3 }, store));

        var copyScale = CopyGuidanceScale.Quick with
        {
            TrainSequences = 64, TestSequences = 32, Epochs = 1, MinLength = 3, MaxLength = 5, Batch = 32, GuideEpochs = 1,
            RnnEmbedding = 8, RnnHidden = 16, GuideModel = 16, GuideHeads = 2, GuideFeedForward = 32,
        };
        var copySpec = new CopyGuidanceRunSpec(GuidanceArm.Untrained, 1);
        var copyTrained = CopyGuidanceRunner.Run(copyScale, copySpec, store, reuse: true);
        var copyRead = CopyGuidanceRunner.Run(copyScale, copySpec, store, reuse: true);
        Assert.True(copyRead.Reused);
        Assert.Equal((copyTrained.RunId, copyTrained.FinalTestAccuracy), (copyRead.RunId, copyRead.FinalTestAccuracy));
        Assert.Equal(copyTrained.Pairs, copyRead.Pairs);
        Assert.Equal(copyTrained.CkaBefore, copyRead.CkaBefore);
    }

    [Fact]
    public void The_runner_refuses_data_of_another_shape_and_a_guided_ResNet_reference()
    {
        var scale = GuidanceScale.Quick with { TrainImages = 32, ValidImages = 16, TestImages = 16 };
        using var all = Images(train: 64, valid: 16, test: 16);
        using var data = GuidanceData.From(all, scale, translated: false);
        var wrongSize = Assert.Throws<ArgumentException>(() =>
            GuidanceRunner.Run(scale, new GuidanceRunSpec(GuidanceArm.Base, false, 1, TrainImages: 48), data));
        Assert.Contains("48 training", wrongSize.Message);
        Assert.Throws<ArgumentException>(() => GuidanceRunner.Run(scale, new GuidanceRunSpec(GuidanceArm.Base, Translated: true, 1), data));
        var guidedReference = Assert.Throws<ArgumentException>(() =>
            GuidanceRunner.Run(scale, new GuidanceRunSpec(GuidanceArm.Untrained, false, 1, Target: GuidanceTarget.ResNet), data));
        Assert.Contains("arm must be base", guidedReference.Message);
        var tooMany = Assert.Throws<ArgumentOutOfRangeException>(() => GuidanceData.From(all, scale with { ValidImages = 17 }, false));
        Assert.Contains("17 validation", tooMany.Message);
    }

    [Fact]
    public void The_data_takes_the_held_out_validation_split_not_training_images()
    {
        var scale = GuidanceScale.Quick with { TrainImages = 32, ValidImages = 8, TestImages = 16 };
        using var all = Images(train: 64, valid: 16, test: 16);
        using var data = GuidanceData.From(all, scale, translated: false, trainImages: 40);
        Assert.Equal((40L, 8L, 16L), (data.Train.Count, data.Valid.Count, data.Test.Count));
        Assert.True(data.Valid.Images.eq(all.Valid.Images[..8]).all().item<bool>());
        Assert.True(data.Train.Images.eq(all.Train.Images[..40]).all().item<bool>());
    }

    private static GuidanceRun Run(GuidanceRunSpec spec, double validLoss = 0.5, double accuracy = 0.5) =>
        new(spec, new GuidanceRunResult("base", false, spec.Seed, [1.0], [1.0], [accuracy], accuracy, accuracy, double.NaN, [], [], [], 1, 1, 1,
            validLoss, spec.LearningRate ?? 1e-3));

    private static ImageClassificationData Images(int train, int valid, int test)
    {
        ImageSplit Split(int n, int seed)
        {
            var g = new TorchSharp.torch.Generator((ulong)seed);
            return new ImageSplit(randn([n, 1, 28, 28], generator: g), randint(0, 10, [n], generator: g));
        }
        return new ImageClassificationData(Split(train, 1), zeros(train, dtype: ScalarType.Int64), Split(valid, 2), Split(test, 3), [], null);
    }
}
