using System.Text.Json;
using Research.Core.Data.Synthetic;
using Research.Core.Experiments;
using Research.Core.Experiments.Configs;
using Research.Core.Experiments.Guidance;
using Research.Core.Losses;
using Research.Core.Tests.Data;
using Xunit.Abstractions;

namespace Research.Core.Tests.Guidance;

/// <summary>E3, the copy task: the batch source, the strict config of `research train guidance-copy`, and the runner
/// end to end on a small copy task (base, untrained and trained guide from one initialisation).</summary>
public sealed class CopyGuidanceTests(ITestOutputHelper output)
{
    [Fact]
    public void Sequence_batches_cover_every_example_once_per_epoch_in_a_seeded_order()
    {
        var examples = CopyTask.Generate(10, seed: 1, minLength: 2, maxLength: 4);
        int[] FirstTokens(SequenceBatches source, int epoch) =>
            source.Batches(epoch).SelectMany(b => { using (b) return Enumerable.Range(0, (int)b.Input.Tokens.shape[0]).Select(i => b.Input.Tokens[i, 0].item<long>()).ToArray(); })
                  .Select(t => (int)t).ToArray();
        var shuffled = new SequenceBatches(examples, 4, CopyTask.Blank, seed: 7);
        Assert.Equal(3, shuffled.BatchCount);
        var expected = examples.Select(e => e.Input[0]).Order().ToArray();
        Assert.Equal(expected, FirstTokens(shuffled, 0).Order().ToArray());
        Assert.Equal(FirstTokens(shuffled, 1), FirstTokens(new SequenceBatches(examples, 4, CopyTask.Blank, seed: 7), 1));
        Assert.Equal(examples.Select(e => e.Input[0]).ToArray(), FirstTokens(new SequenceBatches(examples, 4, CopyTask.Blank), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SequenceBatches(examples, 0, CopyTask.Blank));
    }

    [Fact]
    public void The_config_reads_every_field_and_names_bad_ones()
    {
        using var folder = new TempFolder();
        string Write(string json)
        {
            var path = Path.Combine(folder.Path, $"c{Guid.NewGuid():N}.json");
            File.WriteAllText(path, json);
            return path;
        }
        var spec = TrainCopyGuidanceConfig.Read(Write("""{ "scale": "full", "arm": "trained", "seed": 3, "epochs": 2, "learningRate": 0.003, "alpha": 0.5, "estimator": "unbiased" }""")).Spec();
        Assert.Equal(new CopyGuidanceRunSpec(GuidanceArm.Trained, 3, 2, 0.003, 0.5, CkaEstimator.Unbiased), spec);
        Assert.Equal(new CopyGuidanceRunSpec(GuidanceArm.Untrained, 1), TrainCopyGuidanceConfig.Read(Write("{}")).Spec());
        var parity = new CopyGuidanceRunSpec(GuidanceArm.Trained, 2, Task: SequenceGuidanceTask.Parity);
        Assert.Equal(parity, TrainCopyGuidanceConfig.Read(Write("""{ "arm": "trained", "seed": 2, "task": "parity" }""")).Spec());
        Assert.Equal(parity, TrainCopyGuidanceConfig.Of("quick", parity).Spec());
        foreach (var (json, message) in new[]
        {
            ("""{ "arm": "init" }""", "field 'arm' is 'init'; allowed: base, untrained, trained"),
            ("""{ "scale": "huge" }""", "field 'scale' is 'huge'; allowed: quick, full"),
            ("""{ "data": "plain" }""", "unknown field 'data'"),
            ("""{ "epochs": 0 }""", "field 'epochs' is 0; allowed: a number >= 1"),
            ("""{ "task": "sort" }""", "field 'task' is 'sort'; allowed: copy, parity"),
        })
        {
            var path = Write(json);
            var error = Assert.Throws<ConfigException>(() => TrainCopyGuidanceConfig.Read(path));
            Assert.Contains(path, error.Message);
            Assert.Contains(message, error.Message);
        }
        Assert.Throws<ArgumentException>(() => CopyGuidanceRunner.Run(CopyGuidanceScale.Quick, new CopyGuidanceRunSpec(GuidanceArm.Initialisation, 1)));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void The_runner_trains_the_RNN_with_each_arm_and_guidance_raises_its_CKA_with_the_guide()
    {
        var scale = CopyGuidanceScale.Quick with
        {
            TrainSequences = 256, TestSequences = 64, Epochs = 2, MinLength = 3, MaxLength = 6, Batch = 64, GuideEpochs = 2,
            RnnEmbedding = 16, RnnHidden = 32, GuideModel = 32, GuideHeads = 2, GuideFeedForward = 64,
        };
        using var folder = new TempFolder();
        using var store = RunStore.Open(Path.Combine(folder.Path, "runs.db"));
        var runs = new[] { GuidanceArm.Base, GuidanceArm.Untrained, GuidanceArm.Trained }
            .Select(arm => CopyGuidanceRunner.Run(scale, new CopyGuidanceRunSpec(arm, 1), store)).ToArray();
        foreach (var r in runs)
            output.WriteLine($"{r.Arm}: train CE {string.Join(" ", r.TrainLoss.Select(l => l.ToString("F3")))}, test accuracy {r.FinalTestAccuracy:F3}, " +
                             $"mean CKA {r.CkaBefore.Average():F3} → {r.CkaAfter.Average():F3}, guide {r.GuideTestAccuracy:F3}");
        var (unguided, untrained, trained) = (runs[0], runs[1], runs[2]);

        Assert.Equal(2, untrained.Pairs.Count);                                        // one pair per RNN layer
        Assert.Equal(8, untrained.Steps);
        Assert.Equal(unguided.CkaBefore, untrained.CkaBefore);                         // same target and guide at the start
        Assert.True(untrained.CkaAfter.Average() > unguided.CkaAfter.Average(), "guidance should raise the RNN's CKA with the guide");
        Assert.True(double.IsNaN(untrained.GuideTestAccuracy) && trained.GuideTestAccuracy is > 0 and <= 1);
        Assert.All(runs, r => Assert.True(r.TrainLoss.All(double.IsFinite) && r.FinalTestAccuracy is > 0 and <= 1));

        var logged = store.Runs(CopyGuidanceRunner.Experiment);
        Assert.Equal(3, logged.Count);
        Assert.All(logged, r => Assert.Equal(RunStatus.Completed, r.Status));
        using var config = JsonDocument.Parse(store.Run(trained.RunId).Config);
        Assert.Equal(2, config.RootElement.GetProperty("guideEpochs").GetInt32());
        Assert.Equal(trained.FinalTestAccuracy, store.Results([trained.RunId]).Single(r => r.Name == "final_test_accuracy").Value, 12);
    }

    [Fact]
    public void On_parity_the_Transformer_is_guided_by_the_RNN_and_a_stored_run_is_read_back_with_its_pairs()
    {
        var scale = CopyGuidanceScale.Toy with { TrainSequences = 256, Epochs = 2 };
        using var folder = new TempFolder();
        using var store = RunStore.Open(Path.Combine(folder.Path, "runs.db"));
        var specs = GuidanceGrid.E3([1], task: SequenceGuidanceTask.Parity);
        Assert.Equal([GuidanceArm.Base, GuidanceArm.Untrained, GuidanceArm.Trained], specs.Select(s => s.Arm));
        var (unguided, untrained) = (CopyGuidanceRunner.Run(scale, specs[0], store), CopyGuidanceRunner.Run(scale, specs[1], store, reuse: true));
        output.WriteLine($"parity: base accuracy {unguided.FinalTestAccuracy:F3}, CKA {unguided.CkaAfter.Average():F3}; untrained guide {untrained.FinalTestAccuracy:F3}, CKA {untrained.CkaAfter.Average():F3}");

        Assert.Equal(2, untrained.Pairs.Count);                                        // the RNN guide's two layers, each to a Transformer layer
        Assert.All(untrained.Pairs, p => Assert.Contains("←", p));
        Assert.Equal(unguided.CkaBefore, untrained.CkaBefore);
        Assert.True(untrained.CkaAfter.Average() > unguided.CkaAfter.Average(), "guidance should raise the Transformer's CKA with the RNN");
        Assert.All(new[] { unguided, untrained }, r => Assert.True(r.FinalTestAccuracy is > 0 and <= 1));   // one scored position a sequence: the parity

        var read = CopyGuidanceRunner.Run(scale, specs[1], store, reuse: true);
        Assert.True(read.Reused);
        Assert.Equal(untrained.Pairs, read.Pairs);
        Assert.Equal(untrained.FinalTestAccuracy, read.FinalTestAccuracy);
        Assert.Null(CopyGuidanceRunner.Find(scale, specs[1] with { Task = SequenceGuidanceTask.Copy }, store));
        using var config = JsonDocument.Parse(store.Run(untrained.RunId).Config);
        Assert.Equal("parity", config.RootElement.GetProperty("task").GetString());
        Assert.Equal("transformer by rnn", config.RootElement.GetProperty("guided").GetString());
    }
}
