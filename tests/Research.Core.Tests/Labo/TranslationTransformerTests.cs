using Research.Core.Engine;
using Research.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Labo;

/// <summary>The encoder-decoder of LABO-R's translation experiment: shapes, causality, source padding, one shared matrix.</summary>
public sealed class TranslationTransformerTests
{
    private static readonly TranslationTransformerConfig Small = new(Vocabulary: 23, Width: 16, EncoderLayers: 2, DecoderLayers: 2, Heads: 2, FeedForward: 32, Dropout: 0.1, MaxLength: 20);

    private static TranslationTransformer Model(int seed = 1)
    {
        manual_seed(seed);
        var model = new TranslationTransformer(Small);
        model.eval();
        return model;
    }

    private static Tensor Ids(long[,] ids) => tensor(ids);

    [Fact]
    public void Logits_have_one_row_of_vocabulary_scores_per_target_position()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        var logits = model.call(Ids(new long[,] { { 5, 6, 7, 3 }, { 8, 9, 3, 0 } }), Ids(new long[,] { { 2, 11, 12 }, { 2, 13, 0 } }));
        Assert.Equal([2L, 3, 23], logits.shape);
        Assert.True(logits.isfinite().all().item<bool>());
    }

    [Fact]
    public void A_target_position_does_not_see_later_target_tokens()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        var source = Ids(new long[,] { { 5, 6, 7, 3 } });
        var before = model.call(source, Ids(new long[,] { { 2, 11, 12, 13, 14 } }));
        var after = model.call(source, Ids(new long[,] { { 2, 11, 12, 20, 4 } }));   // positions 3 and 4 changed
        Assert.True(before.narrow(1, 0, 3).allclose(after.narrow(1, 0, 3), rtol: 0, atol: 1e-6));
        Assert.False(before.narrow(1, 3, 1).allclose(after.narrow(1, 3, 1), rtol: 0, atol: 1e-3));
        // What search asks for: the last position alone.
        var padding = model.SourcePadding(source);
        var last = model.Decode(tensor(new long[,] { { 2, 11, 12, 13, 14 } }), model.Encode(source, padding), padding, lastOnly: true);
        Assert.Equal([1L, 1, 23], last.shape);
        Assert.True(last.allclose(before.narrow(1, 4, 1), rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Padding_the_source_changes_neither_the_encoder_output_at_real_positions_nor_the_logits()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        var target = Ids(new long[,] { { 2, 11, 12, 13 } });
        var shortSource = Ids(new long[,] { { 5, 6, 7, 3 } });
        var padded = Ids(new long[,] { { 5, 6, 7, 3, 0, 0, 0 } });
        var memoryShort = model.Encode(shortSource, model.SourcePadding(shortSource));
        var memoryPadded = model.Encode(padded, model.SourcePadding(padded));
        Assert.True(memoryShort.allclose(memoryPadded.narrow(1, 0, 4), rtol: 0, atol: 1e-5));
        Assert.True(model.call(shortSource, target).allclose(model.call(padded, target), rtol: 0, atol: 1e-5));
        // In a batch, a shorter source padded to the longer one's length scores as it does alone.
        var batch = model.call(Ids(new long[,] { { 5, 6, 7, 3, 0, 0 }, { 8, 9, 10, 14, 15, 3 } }), Ids(new long[,] { { 2, 11, 12, 13 }, { 2, 16, 17, 18 } }));
        Assert.True(batch.narrow(0, 0, 1).allclose(model.call(shortSource, target), rtol: 0, atol: 1e-5));
        // The source tokens themselves matter (the test above is not vacuous).
        Assert.False(model.call(Ids(new long[,] { { 5, 9, 7, 3 } }), target).allclose(model.call(shortSource, target), rtol: 0, atol: 1e-3));
    }

    [Fact]
    public void Incremental_decoding_with_the_cache_gives_the_logits_of_the_whole_prefix_also_after_reordering_rows()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        var source = Ids(new long[,] { { 5, 6, 7, 3 }, { 8, 9, 3, 0 } });
        var prefix = Ids(new long[,] { { 2, 11, 12, 13, 14 }, { 2, 15, 16, 17, 18 } });
        var padding = model.SourcePadding(source);
        var memory = model.Encode(source, padding);
        using var cache = model.StartDecoding(memory, padding);
        for (var t = 0; t < 5; t++)
        {
            var step = model.DecodeStep(prefix.narrow(1, t, 1), cache);
            var whole = model.Decode(prefix.narrow(1, 0, t + 1), memory, padding, lastOnly: true).squeeze(1);
            Assert.True(step.allclose(whole, rtol: 0, atol: 1e-5), $"position {t}");
        }
        Assert.Equal(5, cache.Length);
        // Beam search's case: two hypotheses of one sentence; after three steps both rows continue the second one's.
        var beamSource = Ids(new long[,] { { 5, 6, 7, 3 }, { 5, 6, 7, 3 } });
        var beamPadding = model.SourcePadding(beamSource);
        var beamMemory = model.Encode(beamSource, beamPadding);
        using var beams = model.StartDecoding(beamMemory, beamPadding);
        for (var t = 0; t < 3; t++) model.DecodeStep(prefix.narrow(1, t, 1), beams);
        beams.Reorder(tensor(new long[] { 1, 1 }));
        var next = model.DecodeStep(Ids(new long[,] { { 19 }, { 20 } }), beams);
        var expected = model.Decode(Ids(new long[,] { { 2, 15, 16, 19 }, { 2, 15, 16, 20 } }), beamMemory, beamPadding, lastOnly: true).squeeze(1);
        Assert.True(next.allclose(expected, rtol: 0, atol: 1e-5));
        Assert.Throws<ArgumentException>(() => model.DecodeStep(Ids(new long[,] { { 4, 4 } }), beams));
    }

    [Fact]
    public void Source_embedding_target_embedding_and_output_projection_are_one_parameter()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        var matrices = model.named_parameters().Where(p => p.parameter.shape.SequenceEqual(new long[] { 23, 16 })).ToList();
        Assert.Single(matrices);
        Assert.Equal(model.parameters().Count(), model.parameters().Select(p => p.Handle).Distinct().Count());
        Assert.Same(model.SharedEmbedding, model.SharedEmbedding);
        // The output projection uses E: logits = LN(h)·Eᵀ, so a change to the row of a token that appears nowhere in
        // the input changes only that token's logit.
        var source = Ids(new long[,] { { 5, 6, 3 } });
        var target = Ids(new long[,] { { 2, 11 } });
        var before = model.call(source, target);
        using (no_grad()) model.SharedEmbedding.narrow(0, 21, 1).add_(randn(1, 16), KeptScalars.One);
        var after = model.call(source, target);
        var changed = before.sub(after).abs().gt(1e-6).nonzero();
        Assert.Equal([21L], changed.select(1, 2).contiguous().data<long>().Distinct().ToArray());
        // The pad row starts at zero and the gradient reaches E from both ends (lookups and output projection).
        Assert.Equal(0.0, model.SharedEmbedding[0].abs().sum().item<float>());
        model.train();
        model.call(source, target).sum().backward();
        var grad = model.SharedEmbedding.grad!;
        Assert.True(grad[5].abs().sum().item<float>() > 0);   // source token: only through the encoder lookup
        Assert.True(grad[21].abs().sum().item<float>() > 0);  // unused token: only through the output projection
    }

    [Fact]
    public void Bad_inputs_name_the_argument_and_the_expected_shape()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        var error = Assert.Throws<ArgumentException>(() => model.call(tensor(new float[] { 1, 2 }).reshape(1, 2), Ids(new long[,] { { 2 } })));
        Assert.Contains("source has shape [1, 2] (Float32): expected int64 [B, T]", error.Message);
        var tooLong = zeros([1, 21], ScalarType.Int64);
        Assert.Contains("targetInput has 21 positions: expected at most maxLength 20", Assert.Throws<ArgumentException>(() => model.call(Ids(new long[,] { { 5 } }), tooLong)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TranslationTransformer(Small with { Heads = 3 }));
    }
}
