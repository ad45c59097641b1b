using Research.Core.Data.Synthetic;
using TorchSharp;

namespace Research.Core.Tests.Data;

public sealed class SyntheticTests
{
    [Theory]
    [InlineData(NumberTokenisation.OneToken, 1, 100)]
    [InlineData(NumberTokenisation.TwoDigits, 2, 10)]
    public void Regression_tasks_have_the_note_s_shapes_and_token_ranges(NumberTokenisation tokenisation, int width, int vocabulary)
    {
        using var tasks = MetaLinearRegression.Generate(500, seed: 3, tokenisation);
        Assert.Equal(new long[] { 500, 7 }, tasks.Features.shape);
        Assert.Equal(new long[] { 500, width }, tasks.Tokens.shape);
        Assert.Equal(vocabulary, tasks.NumberVocabulary);
        var values = tasks.Values.data<long>().ToArray();
        var tokens = tasks.Tokens.data<long>().ToArray();
        for (var n = 0; n < values.Length; n++)
        {
            var row = tokens.Skip(n * width).Take(width).Select(t => (int)t).ToArray();
            Assert.All(row, t => Assert.InRange(t, 0, vocabulary - 1));
            Assert.Equal(values[n], MetaLinearRegression.Decode(row, tokenisation));
        }
        Assert.Equal(tasks.Features.data<float>().ToArray(), MetaLinearRegression.Generate(500, seed: 3, tokenisation).Features.data<float>().ToArray());
    }

    [Fact]
    public void Regression_targets_follow_the_line_through_the_context_points()
    {
        // Fit y = a x + b by least squares on the three noisy context pairs and predict the query: the error is the
        // N(0, 1) noise carried through the fit, so the mean absolute gap to unclipped targets stays near 1.
        var (features, values) = MetaLinearRegression.Sample(2000, seed: 11);
        var gaps = new List<double>();
        for (var n = 0; n < values.Length; n++)
        {
            var row = features.AsSpan(n * 7, 7);
            double[] x = [row[0] * 10, row[2] * 10, row[4] * 10], y = [row[1] * 100, row[3] * 100, row[5] * 100];
            Assert.All(x, v => Assert.InRange(v, 0, 10));
            var (mx, my) = (x.Average(), y.Average());
            var slope = x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my)) / x.Sum(v => (v - mx) * (v - mx));
            var prediction = my + slope * (row[6] * 10 - mx);
            if (values[n] is > 0 and < 99) gaps.Add(Math.Abs(prediction - values[n]));
            Assert.InRange(values[n], 0, 99);
        }
        Assert.InRange(gaps.Average(), 0.3, 2.5);
    }

    [Theory]
    [InlineData(CoordinateTokenisation.XThenY, 2)]
    [InlineData(CoordinateTokenisation.JointCell, 1)]
    public void Noise_free_blob_peaks_at_its_centre_and_tokens_decode_to_it(CoordinateTokenisation tokenisation, int width)
    {
        using var scope = torch.NewDisposeScope();
        var blobs = BlobLocation.Generate(50, seed: 2, tokenisation, noiseStd: 0);
        Assert.Equal(new long[] { 50, 1, 28, 28 }, blobs.Images.shape);
        Assert.Equal(new long[] { 50, width }, blobs.Tokens.shape);
        var peaks = blobs.Images.reshape(50, 784).argmax(1).data<long>().ToArray();
        var centres = blobs.Centres.data<long>().ToArray();
        var tokens = blobs.Tokens.data<long>().ToArray();
        for (var n = 0; n < 50; n++)
        {
            var (x, y) = (centres[2 * n], centres[2 * n + 1]);
            Assert.InRange(x, 2, 25);
            Assert.InRange(y, 2, 25);
            Assert.Equal(y * 28 + x, peaks[n]);
            var row = tokens.Skip(n * width).Take(width).Select(t => (int)t).ToArray();
            Assert.Equal(((int)x, (int)y), BlobLocation.Decode(row, tokenisation));
        }
    }

    [Fact]
    public void Blob_noise_has_the_requested_spread_and_the_distractor_is_dimmer()
    {
        var (clean, centres) = BlobLocation.Sample(200, seed: 8, distractor: true, noiseStd: 0);
        var (noisy, _) = BlobLocation.Sample(200, seed: 8, distractor: true, noiseStd: 0.2);
        Assert.Equal(centres, BlobLocation.Sample(200, seed: 8, distractor: true, noiseStd: 0.2).Centres);
        for (var n = 0; n < 200; n++)
        {
            var image = clean.AsSpan(n * 784, 784).ToArray();
            var peak = image[centres[n].Y * 28 + centres[n].X];
            Assert.InRange(peak, 1.0, 1.5);   // the blob's own peak plus at most the distractor's tail
            Assert.True(image.Max() <= peak + 1e-6, $"image {n}: distractor outshines the blob");
        }
        // Noise-free and noisy images consume the same draws, so their difference is the pixel noise: mean 0, std 0.2.
        var difference = noisy.Zip(clean, (a, b) => (double)a - b).ToArray();
        var mean = difference.Average();
        Assert.Equal(0.0, mean, 2);
        Assert.Equal(0.2, Math.Sqrt(difference.Average(d => (d - mean) * (d - mean))), 2);
    }

    [Fact]
    public void Copy_example_matches_the_paper_s_format()
    {
        var example = CopyTask.Example([3, 0, 9]);
        Assert.Equal([4, 1, 10, 11, 0, 0, 0, 12], example.Input);
        Assert.Equal([0, 0, 0, 0, 4, 1, 10, 12], example.Target);
        Assert.Equal([false, false, false, false, true, true, true, true], example.Scored);
        var generated = CopyTask.Generate(200, seed: 1, minLength: 10, maxLength: 20);
        Assert.All(generated, e => Assert.InRange((e.Input.Length - 2) / 2, 10, 20));
        Assert.Contains(generated, e => e.Input.Length == 22);
        Assert.Contains(generated, e => e.Input.Length == 42);
        using var batch = CopyTask.Collate(generated.Take(3).ToList());
        Assert.Equal(batch.Input.Tokens.shape, batch.Target.shape);
        Assert.Equal(generated.Take(3).Sum(e => e.Scored.Count(s => s)), batch.Scored.sum().item<long>());
    }

    [Fact]
    public void Parity_labels_count_ones_and_padding_uses_two()
    {
        var examples = ParityTask.Generate(300, seed: 4, minLength: 2, maxLength: 50);
        Assert.All(examples, e => Assert.Equal(e.Bits.Count(b => b == 1) % 2, e.Parity));
        Assert.All(examples, e => Assert.InRange(e.Bits.Length, 2, 50));
        Assert.InRange(examples.Count(e => e.Parity == 1), 110, 190);
        var (bits, parity) = ParityTask.Collate([new ParityExample([1, 1, 0], 0), new ParityExample([1], 1)]);
        using (bits)
        using (parity)
        {
            Assert.Equal(new long[] { 1, 1, 0, 1, 2, 2 }, bits.Tokens.data<long>().ToArray());
            Assert.Equal(new long[] { 0, 1 }, parity.data<long>().ToArray());
        }
    }

    [Fact]
    public void Parity_as_a_sequence_scores_only_the_query_where_the_parity_is_a_bit_token()
    {
        var one = ParityTask.AsSequence(new ParityExample([1, 0, 1, 1], 1));
        Assert.Equal([2, 1, 2, 2, ParityTask.SequenceQuery], one.Input);
        Assert.Equal([0, 0, 0, 0, 2], one.Target);
        Assert.Equal([false, false, false, false, true], one.Scored);
        Assert.Throws<ArgumentException>(() => ParityTask.AsSequence(new ParityExample([0, 2], 0)));

        var generated = ParityTask.GenerateSequences(200, seed: 5);
        Assert.All(generated, e => Assert.InRange(e.Input.Length - 1, 2, 30));
        Assert.All(generated, e => Assert.Equal((e.Input.Count(t => t == 2) % 2) + 1, e.Target[^1]));
        Assert.All(generated, e => Assert.Equal(1, e.Scored.Count(x => x)));
        using var batch = SequenceBatch.Of(generated.Take(4).ToList(), ParityTask.SequencePad);
        Assert.Equal(4, batch.Scored.sum().item<long>());
    }
}
