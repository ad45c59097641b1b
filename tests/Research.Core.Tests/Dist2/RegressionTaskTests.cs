using Research.Core.Experiments.Configs;
using Research.Core.Data.Loading;
using Research.Core.Data.Synthetic;
using Research.Core.Engine;
using Research.Core.Experiments.Dist2;
using Research.Core.Losses;
using Research.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Dist2;

/// <summary>Task A's pieces: prompts as tokens, the causal decoder, greedy decoding, the step source and the config.</summary>
public sealed class RegressionTaskTests
{
    [Theory]
    [InlineData(NumberTokenisation.OneToken, 1)]
    [InlineData(NumberTokenisation.TwoDigits, 2)]
    public void Prompts_write_seven_numbers_then_equals_then_the_answer(NumberTokenisation tokenisation, int width)
    {
        using var scope = NewDisposeScope();
        using var prompts = RegressionPrompts.Generate(5, seed: 3, tokenisation);
        var length = 7 * width + 1 + width;
        Assert.Equal(new long[] { 5, length - 1 }, prompts.Inputs.shape);
        Assert.Equal(new long[] { 5, length - 1 }, prompts.Labels.shape);
        Assert.Equal(new long[] { 5, 7 * width + 1 }, prompts.Prompts.shape);
        var (_, values) = MetaLinearRegression.Sample(5, 3);
        Assert.Equal(values, prompts.Values);
        var equals = RegressionPrompts.EqualsToken(tokenisation);
        for (var n = 0; n < 5; n++)
        {
            Assert.Equal(equals, prompts.Prompts[n, 7 * width].item<long>());
            var labels = prompts.Labels[n].data<long>().ToArray();
            Assert.All(labels.Take(length - 1 - width), l => Assert.Equal(-100, l));
            var answer = labels.Skip(length - 1 - width).Select(l => (int)l).ToArray();
            Assert.Equal(values[n], MetaLinearRegression.Decode(answer, tokenisation));
            // The input is the sequence shifted right: the answer's first token follows "=".
            Assert.Equal(equals, prompts.Inputs[n, length - 1 - width].item<long>());
        }
        Assert.True(prompts.Inputs.lt(RegressionPrompts.Vocabulary(tokenisation)).all().item<bool>());
    }

    [Fact]
    public void The_decoder_is_causal()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var model = new DecoderTransformer(new DecoderTransformerConfig(Vocabulary: 11, BlockSize: 6, Layers: 2, Heads: 2, Width: 16));
        var x = randint(0, 11, [3, 6], dtype: int64);
        var changed = x.clone();
        changed[TensorIndex.Colon, 4] = (x[TensorIndex.Colon, 4] + 1) % 11;
        using var _ = no_grad();
        var a = model.call(x);
        var b = model.call(changed);
        Assert.Equal(new long[] { 3, 6, 11 }, a.shape);
        Assert.True(a.narrow(1, 0, 4).allclose(b.narrow(1, 0, 4), rtol: 0, atol: 0), "a later token changed earlier logits");
        Assert.False(a.narrow(1, 4, 2).allclose(b.narrow(1, 4, 2)));
        Assert.Contains("at most blockSize 6", Assert.Throws<ArgumentException>(() => model.call(zeros(1, 7, int64))).Message);
    }

    [Fact]
    public void Dist2_through_the_decoder_matches_finite_differences_in_float64()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var model = new DecoderTransformer(new DecoderTransformerConfig(Vocabulary: 11, BlockSize: 4, Layers: 1, Heads: 2, Width: 4));
        model.to(float64);
        using var digits = MetricVocabulary.Integers(0, 10);
        var x = tensor(new long[] { 3, 10, 4, 5, 1, 2, 10, 7 }, [2, 4]);
        var y = tensor(new long[] { -100, 4, 5, 10, -100, 10, 7, 8 }, [2, 4]);
        var leaves = model.parameters().Select(p => (Tensor)p).ToList();
        var result = GradCheck.Run(() => Dist2Loss.Compute(model.call(x), y, digits, new Dist2Options(1, 2, placeValueWeights: true)).Loss, leaves);
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void Greedy_decoding_reads_numbers_only_from_number_tokens()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var model = new DecoderTransformer(new DecoderTransformerConfig(11, RegressionPrompts.BlockSize(NumberTokenisation.TwoDigits), 1, 2, 8));
        using var prompts = RegressionPrompts.Generate(7, 5, NumberTokenisation.TwoDigits);
        var values = GreedyNumbers.Decode(model, prompts.Prompts, NumberTokenisation.TwoDigits, batch: 3);
        Assert.Equal(7, values.Length);
        Assert.All(values, v => Assert.InRange(v, 0, 99));
    }

    [Fact]
    public void A_step_source_runs_the_loader_s_epochs_back_to_back()
    {
        using var scope = NewDisposeScope();
        var loader = new TensorDataLoader([arange(10, int64)], batchSize: 4, shuffle: true, seed: 1);
        var batches = new StepBatchSource(loader, 7).Batches(1).ToList();
        Assert.Equal(7, batches.Count);
        var firstPass = batches.Take(3).SelectMany(b => b[0].data<long>().ToArray()).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i).ToArray(), firstPass);
        foreach (var b in batches) b.Dispose();
    }

    [Theory]
    [InlineData("""{ "condition": "dist3" }""", "field 'condition' is 'dist3'; allowed: ce, ls, dist2, dist2-pv, random, vocab")]
    [InlineData("""{ "tau": 0 }""", "field 'tau' is 0; allowed: a number > 0")]
    [InlineData("""{ "tokenisation": "digits" }""", "field 'tokenisation' is 'digits'; allowed for task regression: one-token, two-digits")]
    [InlineData("""{ "seeds": 3 }""", "unknown field 'seeds'")]
    [InlineData("""{ "task": "blobs", "tokenisation": "one-token" }""", "field 'tokenisation' is 'one-token'; allowed for task blobs: x-then-y, joint-cell")]
    [InlineData("""{ "task": "grounding" }""", "field 'task' is 'grounding'; allowed: regression, blobs")]
    [InlineData("""{ "alpha": "one" }""", "field 'alpha' is \"one\"; allowed: a number")]
    [InlineData("""{ "scale": null }""", "field 'scale' must not be null")]
    public void Config_errors_name_the_file_and_the_field(string json, string expected)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, json);
            var error = Assert.Throws<ConfigException>(() => TrainDist2Config.Read(path));
            Assert.Contains(path, error.Message);
            Assert.Contains(expected, error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_config_reads_into_a_run_spec()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{ "tokenisation": "two-digits", "condition": "dist2-pv", "trainSize": 30, "seed": 4, "alpha": 0.1, "tau": 8, "steps": 50 }""");
            Assert.Equal(new RegressionRunSpec(NumberTokenisation.TwoDigits, Dist2Condition.Dist2PlaceValue, 30, 4, 0.1, 8, 50), TrainDist2Config.Read(path).Spec());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
