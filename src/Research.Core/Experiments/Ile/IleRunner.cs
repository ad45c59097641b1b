using System.Diagnostics;
using Research.Core.Data.Graphs;
using Research.Core.Data.Loading;
using Research.Core.Data.Text;
using Research.Core.Metrics.Graphs;
using Research.Core.Models.Graphs;
using Research.Core.Training;
using Research.Core.Training.Optimizers;
using static TorchSharp.torch;

namespace Research.Core.Experiments.Ile;

/// <summary>The scores of one decoder on the test set, and its predictions (row i for test example i).</summary>
public sealed record IleDecoderResult(string Decoder, GraphPredictionScores Scores, IReadOnlyList<LabeledGraph> Predictions);

/// <summary>
/// What an ILE run produced: one row per decoder. "candidates" is the trained regressor with candidate decoding;
/// "pgd" the same h decoded by projected gradient from that candidate (learned ψ only); "oracle" candidate
/// decoding with h = ψ(y), the floor set by the candidate set's coverage; "random" a random training graph;
/// "direct" (when configured) the direct-prediction baseline, which uses no ψ.
/// </summary>
public sealed record IleRunResult(
    string Data,
    string Embedding,
    int Seed,
    IReadOnlyList<IleDecoderResult> Decoders,
    double ContrastiveLoss,
    double ValidSurrogateLoss,
    double PgdRelaxedDrop,
    double PgdFallbackShare,
    double ContrastiveSeconds,
    double RegressionSeconds,
    double DecodingSeconds,
    double DirectSeconds,
    int Candidates,
    long RunId)
{
    public IleDecoderResult this[string decoder] => Decoders.First(d => d.Decoder == decoder);
}

/// <summary>
/// One run of the ILE experiment (ile.md 4, a reconstruction): learn or fix the output embedding ψ, regress the
/// character Transformer onto ψ(y) with 2 − 2⟨h, ψ⟩, decode the test inputs against the training graphs (and by PGD),
/// and score every decoder by GED with and without edge labels, exact match and the share outside the training set.
/// </summary>
public static class IleRunner
{
    public const string Experiment = "ile";

    public static IleRunResult Run(TrainIleConfig config, IleData data, RunStore? store = null, ITrainingObserver? observer = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(data);
        config.Validate();
        var scale = IleScale.Named(config.Scale);
        using var run = store?.Start(Experiment, new { paper = "Yang, Labeau, d'Alché-Buc 2024 (reconstruction)", config, data = data.Name, train = data.Train.Count, test = data.Test.Count }, config.Seed);
        try
        {
            var result = Execute(config, scale, data, observer, cancel) with { RunId = run?.Id ?? -1 };
            if (run is not null)
            {
                foreach (var d in result.Decoders)
                {
                    run.SetResult($"{d.Decoder}_ged_with_edges", d.Scores.MeanGedWithEdges);
                    run.SetResult($"{d.Decoder}_ged_without_edges", d.Scores.MeanGedWithoutEdges);
                    run.SetResult($"{d.Decoder}_exact_match", d.Scores.ExactMatch);
                    run.SetResult($"{d.Decoder}_outside_training", d.Scores.OutsideTraining);
                    run.SetResult($"{d.Decoder}_ged_upper_bounds", d.Scores.UpperBoundsWithEdges + d.Scores.UpperBoundsWithoutEdges);
                }
                run.SetResult("valid_surrogate_loss", result.ValidSurrogateLoss);
                run.SetResult("contrastive_loss", result.ContrastiveLoss);
                run.SetResult("pgd_relaxed_drop", result.PgdRelaxedDrop);
                run.SetResult("contrastive_seconds", result.ContrastiveSeconds);
                run.SetResult("regression_seconds", result.RegressionSeconds);
                run.SetResult("decoding_seconds", result.DecodingSeconds);
                run.SetResult("direct_seconds", result.DirectSeconds);
                run.Complete();
            }
            return result;
        }
        catch (Exception e) when (run is not null)
        {
            run.EndWithError(e);
            throw;
        }
    }

    private static IleRunResult Execute(TrainIleConfig config, IleScale scale, IleData data, ITrainingObserver? observer, CancellationToken cancel)
    {
        using var scope = NewDisposeScope();
        manual_seed(config.Seed);
        var trainGraphs = data.Train.Select(e => e.Graph).ToList();
        var clock = Stopwatch.StartNew();

        // 1. The output embedding ψ: learned contrastively from the training graphs alone, or the fixed WL features.
        IOutputEmbedding embedding;
        DenseGraphEncoder? encoder = null;
        var contrastiveLoss = double.NaN;
        if (config.Embedding == "learned")
        {
            encoder = new DenseGraphEncoder(new GraphEncoderOptions(data.NodeTypes, data.EdgeTypes, scale.EncoderLayers, scale.EncoderHidden, scale.Dimension, config.GraphPooling));
            var views = new GraphViewSource(trainGraphs, scale.ContrastiveBatch, config.Augmentations, data.NodeTypes, data.EdgeTypes, data.Slots, config.Seed);
            var pretraining = new Trainer<GraphViewPair>(encoder, new ContrastiveGraphObjective(encoder, config.NtXent),
                new TrainerOptions(config.ContrastiveEpochs ?? scale.ContrastiveEpochs, p => new SafeAdam(p, scale.LearningRate)), observer);
            contrastiveLoss = pretraining.Fit(views, name: "ile contrastive ψ", cancel: cancel)[^1].Train.MeanLoss;
            embedding = encoder;
        }
        else embedding = new WeisfeilerLehmanFeatures(config.WlIterations, config.WlDimension, config.WlEdgeLabels);
        var contrastiveSeconds = clock.Elapsed.TotalSeconds;

        // 2. The surrogate regression h(x) ≈ ψ(y), ψ frozen; the best validation epoch is kept.
        clock.Restart();
        var vocabulary = new CharacterVocabulary(data.Train.Select(e => e.Input));
        Tensor Tokens(IReadOnlyList<GraphExample> split) => vocabulary.Encode(split.Select(e => e.Input).ToList(), data.MaxLength);
        var psiTrain = embedding.Embed(trainGraphs);
        var psiValid = embedding.Embed(data.Valid.Select(e => e.Graph).ToList());
        var regressor = new CharacterTransformerEncoder(new InputEncoderOptions(vocabulary.Count, embedding.Dimension, scale.RegressorWidth, scale.RegressorLayers, MaxLength: data.MaxLength));
        var regression = new Trainer<TensorBatch>(regressor, new SurrogateRegressionObjective(regressor),
            new TrainerOptions(config.RegressionEpochs ?? scale.RegressionEpochs, p => new SafeAdam(p, scale.LearningRate)), observer);
        var valid = new TensorBatchSource(new TensorDataLoader([Tokens(data.Valid), psiValid], scale.RegressionBatch));
        regression.Fit(new TensorBatchSource(new TensorDataLoader([Tokens(data.Train), psiTrain], scale.RegressionBatch, shuffle: true, seed: config.Seed)),
            valid, "ile regression h", cancel);
        var validLoss = regression.Evaluate(valid).MeanLoss;
        var regressionSeconds = clock.Elapsed.TotalSeconds;

        // 3. Decoding against the distinct training graphs.
        clock.Restart();
        var candidates = trainGraphs.DistinctBy(GraphCanonicalForm.Key).ToList();
        var trainingKeys = candidates.Select(GraphCanonicalForm.Key).ToHashSet();
        var z = embedding.Embed(candidates);
        Tensor h;
        regressor.eval();
        using (no_grad()) h = regressor.call(Tokens(data.Test));
        List<LabeledGraph> Pick(Tensor rows) => CandidateDecoder.Decode(rows, z).data<long>().ToArray().Select(i => candidates[(int)i]).ToList();
        var truth = data.Test.Select(e => e.Graph).ToList();
        var predictions = new List<(string, List<LabeledGraph>)> { ("candidates", Pick(h)) };
        double pgdDrop = double.NaN, fallbackShare = double.NaN;
        if (encoder is not null && config.Pgd)
        {
            var decoder = new ProjectedGradientDecoder(encoder, new PgdOptions(config.PgdIterations ?? scale.PgdIterations, config.PgdStep, Fallback: config.Fallback));
            var decoded = decoder.DecodeInChunks(h, predictions[0].Item2, data.Slots);   // chunks of 64 on every core
            predictions.Add(("pgd", [.. decoded.Graphs]));
            pgdDrop = (decoded.InitialObjective.Sum() - decoded.RelaxedObjective.Sum()) / truth.Count;
            fallbackShare = decoded.FellBack.Count(f => f) / (double)truth.Count;
        }
        predictions.Add(("oracle", Pick(embedding.Embed(truth))));
        var random = new Random(config.Seed);
        predictions.Add(("random", truth.Select(_ => candidates[random.Next(candidates.Count)]).ToList()));
        var decodingSeconds = clock.Elapsed.TotalSeconds;

        // 4. The direct-prediction baseline: the same kind of Transformer, node and edge heads, matched or canonical-order targets.
        clock.Restart();
        if (config.Direct)
        {
            var direct = new DirectGraphPredictor(new InputEncoderOptions(vocabulary.Count, scale.RegressorWidth, scale.RegressorWidth, scale.RegressorLayers, MaxLength: data.MaxLength),
                data.Slots, data.NodeTypes, data.EdgeTypes);
            TensorBatchSource Source(IReadOnlyList<GraphExample> split, bool shuffle)
            {
                var targets = direct.Targets(split.Select(e => e.Graph).ToList());
                return new TensorBatchSource(new TensorDataLoader([Tokens(split), targets.Nodes, targets.Edges], scale.RegressionBatch, shuffle, config.Seed));
            }
            new Trainer<TensorBatch>(direct, new DirectGraphObjective(direct, matching: config.DirectLoss == "matching"),
                    new TrainerOptions(config.RegressionEpochs ?? scale.RegressionEpochs, p => new SafeAdam(p, scale.LearningRate)), observer)
                .Fit(Source(data.Train, shuffle: true), Source(data.Valid, shuffle: false), "ile direct prediction", cancel);
            predictions.Add(("direct", direct.Predict(Tokens(data.Test))));
        }
        var directSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var results = predictions.Select(p => new IleDecoderResult(p.Item1, GraphPredictionScores.Of(p.Item2, truth, trainingKeys), p.Item2)).ToList();
        decodingSeconds += clock.Elapsed.TotalSeconds;
        return new IleRunResult(data.Name, config.Embedding, config.Seed, results, contrastiveLoss, validLoss, pgdDrop, fallbackShare,
            contrastiveSeconds, regressionSeconds, decodingSeconds, directSeconds, candidates.Count, -1);
    }
}
