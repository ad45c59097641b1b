using Research.Core.Data.Graphs;
using Research.Core.Data.Loading;
using Research.Core.Data.Text;
using Research.Core.Models.Graphs;
using Research.Core.Training;
using Research.Core.Training.Optimizers;
using static TorchSharp.torch;

namespace Research.Core.Tests.Ile;

/// <summary>The direct-prediction baseline: canonical-order targets, symmetric edge logits, and it fits a small training
/// set with canonical-order or node-matched targets (<see cref="Research.Core.Losses.GraphMatchingLoss"/>).</summary>
public sealed class DirectGraphPredictorTests
{
    [Fact]
    public void Targets_are_canonical_and_edge_logits_symmetric()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var model = new DirectGraphPredictor(new InputEncoderOptions(Vocabulary: 10, Dimension: 16, Width: 16, Layers: 1, MaxLength: 12), slots: 5, nodeTypes: 4, edgeTypes: 3);
        var graph = GraphTests.G([2, 0, 1], (0, 1, 0), (1, 2, 1));
        using var targets = model.Targets([graph, graph.Permuted([2, 0, 1])]);
        Assert.True(targets.Nodes[0].eq(targets.Nodes[1]).all().item<bool>());
        Assert.Equal(GraphCanonicalForm.Of(graph), GraphBatching.Decode(targets.Nodes, targets.Edges, 4, 3)[0]);
        var (_, edges) = model.call(randint(3, 10, [2, 12]));
        Assert.True(edges.sub(edges.transpose(1, 2)).abs().max().item<float>() == 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fits_a_small_training_set_with_canonical_or_matched_targets(bool matching)
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var examples = SyntheticGraphText.Generate(64, 4, new SyntheticGraphOptions(MinNodes: 2, MaxNodes: 4, MaxRingEdges: 0));
        var vocabulary = new CharacterVocabulary(examples.Select(e => e.Input));
        var length = examples.Max(e => e.Input.Length) + 1;
        var model = new DirectGraphPredictor(new InputEncoderOptions(vocabulary.Count, Dimension: 64, Width: 64, Layers: 2, Dropout: 0, MaxLength: length), slots: 4, nodeTypes: 4, edgeTypes: 3);
        var tokens = vocabulary.Encode(examples.Select(e => e.Input).ToList(), length);
        var targets = model.Targets(examples.Select(e => e.Graph).ToList());
        var source = new TensorBatchSource(new TensorDataLoader([tokens, targets.Nodes, targets.Edges], 16, shuffle: true, seed: 1));
        var history = new Trainer<TensorBatch>(model, new DirectGraphObjective(model, matching), new TrainerOptions(60, p => new SafeAdam(p, 3e-3))).Fit(source);
        Assert.True(history[^1].Train.MeanLoss < 0.3 * history[0].Train.MeanLoss, $"loss {history[0].Train.MeanLoss} -> {history[^1].Train.MeanLoss}");
        var predicted = model.Predict(tokens);
        var exact = predicted.Zip(examples).Count(p => GraphCanonicalForm.AreIsomorphic(p.First, p.Second.Graph));
        Assert.True(exact >= 32, $"{exact} of 64 training graphs reproduced");
    }
}
