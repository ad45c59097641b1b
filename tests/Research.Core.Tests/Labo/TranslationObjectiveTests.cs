using Research.Core.Data.Text;
using Research.Core.Experiments.Labo;
using Research.Core.Losses;
using Research.Core.Models;
using Research.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Labo;

/// <summary>Batches of sentence pairs and the label-regularised translation objective (pad masked, fairseq normalisation).</summary>
public sealed class TranslationObjectiveTests
{
    private static readonly int[][] Sources = [[5, 6, 7], [8, 9], [10, 11, 12, 13, 14], [15], [16, 17], [18, 19, 20]];
    private static readonly int[][] Targets = [[21, 22], [23, 24, 25, 26], [27], [28, 29, 30], [5, 6], [7, 8, 9, 10]];

    private static TranslationTransformer Model()
    {
        manual_seed(3);
        var model = new TranslationTransformer(new TranslationTransformerConfig(Vocabulary: 31, Width: 16, Heads: 2, FeedForward: 32, MaxLength: 16));
        model.eval();
        return model;
    }

    [Fact]
    public void A_batch_ends_sources_with_eos_shifts_the_target_and_pads_on_the_right()
    {
        using var batch = TranslationBatchSource.Make([[5, 6], [7]], [[8], [9, 10, 11]]);
        Assert.Equal(new long[] { 5, 6, 3, 7, 3, 0 }, batch.Source.data<long>().ToArray());
        Assert.Equal(new long[] { 2, 8, 0, 0, 2, 9, 10, 11 }, batch.TargetInput.data<long>().ToArray());
        Assert.Equal(new long[] { 8, 3, 0, 0, 9, 10, 11, 3 }, batch.TargetOutput.data<long>().ToArray());
        Assert.Equal([2L, 4], batch.TargetOutput.shape);
    }

    [Fact]
    public void Every_pair_comes_once_an_epoch_in_batches_under_the_token_budget_in_an_order_fixed_by_the_epoch()
    {
        var source = new TranslationBatchSource(Sources, Targets, maxTokens: 12, maxLength: 8, seed: 4);
        string Epoch(int e) => string.Join("|", source.Batches(e).Select(b =>
        {
            using (b)
            {
                Assert.True(b.Source.numel() <= 12 && b.TargetOutput.numel() <= 12, $"batch {b.Source.shape[0]}×{b.Source.shape[1]} over budget");
                return string.Join(";", Enumerable.Range(0, (int)b.Source.shape[0]).Select(r => string.Join(",", b.Source[r].data<long>().ToArray())));
            }
        }));
        var first = Epoch(1);
        Assert.Equal(first, Epoch(1));
        Assert.Equal(Sources.Length, first.Split('|').SelectMany(b => b.Split(';')).Distinct().Count());
        Assert.True(Enumerable.Range(2, 5).Any(e => Epoch(e) != first), "the batch order never changes across epochs");
        Assert.Equal(Targets.Sum(t => t.Length + 1L), source.TargetTokens);
    }

    [Theory]
    [InlineData("ce")]
    [InlineData("ls")]
    [InlineData("labo-r")]
    [InlineData("labo-r-budget")]
    public void The_batched_loss_sums_each_pair_alone_and_is_normalised_by_target_tokens(string method)
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        var options = new LaboMethod(method, method == "ce" ? 0 : 0.3, Temperature: 2, EntropyRatio: 0.7).Options(new TranslationSpecials().All);
        var objective = new TranslationObjective(model, options);
        using var batch = TranslationBatchSource.Make(Sources, Targets);
        var whole = objective.Compute(batch);
        var alone = Enumerable.Range(0, Sources.Length).Select(i =>
        {
            using var one = TranslationBatchSource.Make([Sources[i]], [Targets[i]]);
            return objective.Compute(one).Sums;
        }).Aggregate((a, b) => a + b);
        Assert.Equal(Targets.Sum(t => t.Length + 1L), whole.Sums.Count);                           // pads are not counted
        Assert.Equal(alone.Count, whole.Sums.Count);
        Assert.Equal(alone.Loss, whole.Sums.Loss, 1e-3);                                             // pads add nothing
        Assert.Equal(alone.Terms["nll"], whole.Sums.Terms["nll"], 1e-3);
        Assert.Equal(whole.Sums.Loss / whole.Sums.Count, whole.Loss.item<float>(), 1e-5);           // fairseq: sum / ntokens
    }

    [Fact]
    public void Labo_r_gives_the_special_tokens_no_mass_and_its_term_is_the_cross_entropy_against_that_q()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        var specials = new TranslationSpecials().All;
        var options = LaboMethod.LaboR(0.3, 1).Options(specials);
        using var batch = TranslationBatchSource.Make(Sources, Targets);
        var result = new TranslationObjective(model, options).Compute(batch);
        var logits = model.call(batch.Source, batch.TargetInput).reshape(-1, 31);
        var targets = batch.TargetOutput.reshape(-1);
        var rows = targets.ne(zeros_like(targets)).nonzero().squeeze(1);
        var (z, y) = (logits.index_select(0, rows), targets.index_select(0, rows));
        var q = options.Smoothing.Distribution(z, y);                                             // [M, V]
        Assert.Equal(0.0, q.index_select(1, tensor(specials.ToArray())).abs().sum().item<float>());
        Assert.Equal(0.0, q.gather(1, y.unsqueeze(1)).abs().sum().item<float>());
        Assert.True(q.sum(1).allclose(ones(q.shape[0]), rtol: 0, atol: 1e-5));
        var expected = q.mul(z.log_softmax(1)).sum().neg().item<float>();
        Assert.Equal(expected, result.Sums.Terms["smoothing"], 1e-3);
        // Under LS the specials other than the gold keep their ε/(V − 1) share (fairseq's convention).
        var uniform = LaboMethod.Ls(0.3).Options(specials).Smoothing.Distribution(z, y);
        Assert.True(uniform.index_select(1, tensor(new long[] { 0, 1 })).gt(0).all().item<bool>());
    }

    [Fact]
    public void Mismatched_target_shapes_are_refused_by_name()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        var objective = new TranslationObjective(model, LaboMethod.Ce.Options());
        var batch = new TranslationBatch(tensor(new long[,] { { 5, 3 } }), tensor(new long[,] { { 2, 6 } }), tensor(new long[,] { { 6, 3, 0 } }));
        var error = Assert.Throws<ArgumentException>(() => objective.Compute(batch));
        Assert.Contains("target input has shape [1, 2] but target output [1, 3]", error.Message);
    }
}
