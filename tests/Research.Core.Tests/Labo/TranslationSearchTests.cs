using Research.Core.Data.Text;
using Research.Core.Models;
using static TorchSharp.torch;

namespace Research.Core.Tests.Labo;

/// <summary>Greedy and beam search against step-by-step argmax, each other, and an exhaustive search on a tiny vocabulary.</summary>
public sealed class TranslationSearchTests
{
    private static TranslationTransformer Model(int vocabulary, int seed)
    {
        manual_seed(seed);
        var model = new TranslationTransformer(new TranslationTransformerConfig(vocabulary, Width: 16, Heads: 2, FeedForward: 32, Dropout: 0.3, MaxLength: 24));
        model.eval();
        return model;
    }

    private static readonly int[][] Sources = [[5, 6, 7], [8], [9, 10, 11, 12, 13, 14], [15, 16], [5, 9, 13, 17]];

    /// <summary>log p of each next token of bos + prefix, with pad and bos banned as the search bans them (no renormalisation).</summary>
    private static double[] StepLogProbabilities(TranslationTransformer model, int[] source, IEnumerable<int> prefix)
    {
        using var scope = NewDisposeScope();
        var input = tensor(new long[] { 2 }.Concat(prefix.Select(t => (long)t)).ToArray()).unsqueeze(0);
        var src = tensor(source.Select(t => (long)t).Append(3L).ToArray()).unsqueeze(0);
        var last = model.call(src, input)[0, -1].log_softmax(0).to(float64).data<double>().ToArray();
        last[0] = last[2] = double.NegativeInfinity;
        return last;
    }

    [Fact]
    public void Greedy_takes_the_argmax_at_each_step_and_batching_does_not_change_it()
    {
        using var model = Model(vocabulary: 20, seed: 5);
        var options = new SearchOptions(LengthA: 1, LengthB: 4, BatchSize: 2);
        var batched = TranslationSearch.Greedy(model, Sources, options);
        for (var i = 0; i < Sources.Length; i++)
        {
            var expected = new List<int>();
            var limit = options.MaxSteps(Sources[i].Length, 24);
            for (var step = 0; step < limit; step++)
            {
                var lp = StepLogProbabilities(model, Sources[i], expected);
                var next = step + 1 >= limit ? 3 : Array.IndexOf(lp, lp.Max());
                if (next == 3) break;
                expected.Add(next);
            }
            Assert.Equal(expected, batched[i]);
            Assert.Equal(expected, TranslationSearch.Greedy(model, [Sources[i]], options)[0]);
        }
        Assert.Contains(batched, h => h.Length > 0);
    }

    [Fact]
    public void Beam_search_with_one_beam_is_greedy_search()
    {
        using var model = Model(vocabulary: 20, seed: 6);
        var options = new SearchOptions(LengthA: 1, LengthB: 5, BatchSize: 3);
        Assert.Equal(TranslationSearch.Greedy(model, Sources, options), TranslationSearch.Beam(model, Sources, beam: 1, options));
    }

    [Fact]
    public void A_beam_wide_enough_for_every_prefix_finds_the_best_length_normalised_hypothesis()
    {
        // Vocabulary: pad, unk, bos, eos and pieces 4, 5; pad and bos are banned, so 4 tokens can follow a prefix. With at
        // most 3 tokens (eos included), 1 + 3 + 9 = 13 hypotheses exist; a beam of 13 finishes them all.
        using var model = Model(vocabulary: 6, seed: 7);
        var options = new SearchOptions(LengthA: 0, LengthB: 3);
        int[][] sources = [[4, 5, 4], [5], [4, 4]];
        var found = TranslationSearch.Beam(model, sources, beam: 13, options);
        for (var i = 0; i < sources.Length; i++)
        {
            int[] allowed = [1, 4, 5];
            var candidates = new List<int[]> { Array.Empty<int>() };
            candidates.AddRange(allowed.Select(a => new[] { a }));
            candidates.AddRange(allowed.SelectMany(a => allowed.Select(b => new[] { a, b })));
            double Score(int[] h)
            {
                var total = 0.0;
                for (var t = 0; t <= h.Length; t++)
                    total += StepLogProbabilities(model, sources[i], h.Take(t))[t < h.Length ? h[t] : 3];
                return total / (h.Length + 1);
            }
            var best = candidates.MaxBy(Score)!;
            Assert.Equal(best, found[i]);
        }
        // The narrow beam of 4 can miss it, but returns a hypothesis within the limit.
        Assert.All(TranslationSearch.Beam(model, sources, beam: 4, options), h => Assert.True(h.Length <= 2));
    }
}
