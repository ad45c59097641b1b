using Research.Core.Data.Text;
using Research.Core.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Models;

/// <summary>
/// How long a hypothesis may grow: at most ⌊a·|source| + b⌋ tokens, &lt;/s&gt; included (labo.md §4.5: 1.5·src + 10),
/// and never past the model's maxLength; &lt;/s&gt; is forced at the limit. The batch size is the number of source sentences decoded together.
/// </summary>
public sealed record SearchOptions(double LengthA = 1.5, int LengthB = 10, int BatchSize = 64)
{
    public int MaxSteps(int sourceLength, int modelMaxLength) => Math.Max(1, Math.Min((int)Math.Floor(LengthA * sourceLength + LengthB), modelMaxLength - 1));
}

/// <summary>
/// Decoding for <see cref="TranslationTransformer"/>: greedy search, and beam search as fairseq's SequenceGenerator
/// does it by default (2K candidates per step; a candidate ending in &lt;/s&gt; among the top K is finished with its
/// score normalised by its length, &lt;/s&gt; included, i.e. length penalty 1; a sentence stops at K finished
/// hypotheses; &lt;/s&gt; is forced at the length limit). Pad and &lt;s&gt; are never generated. Sources are piece ids
/// without specials; hypotheses come back as piece ids without specials, in the sources' order. Eval mode, no
/// gradient; each step runs the decoder on the newest position only, with the earlier positions' keys and values
/// cached (<see cref="DecoderCache"/>).
/// </summary>
public static class TranslationSearch
{
    public static int[][] Greedy(TranslationTransformer model, IReadOnlyList<int[]> sources, SearchOptions? options = null, TranslationSpecials? specials = null) =>
        Search(model, sources, options, specials, beam: 0);

    public static int[][] Beam(TranslationTransformer model, IReadOnlyList<int[]> sources, int beam = 4, SearchOptions? options = null, TranslationSpecials? specials = null)
    {
        if (beam < 1) throw new ArgumentOutOfRangeException(nameof(beam), $"beam must be >= 1, got {beam}");
        return Search(model, sources, options, specials, beam);
    }

    // beam 0: greedy; beam search with K = 1 takes the same path by another route (a test compares them).
    private static int[][] Search(TranslationTransformer model, IReadOnlyList<int[]> sources, SearchOptions? options, TranslationSpecials? specials, int beam)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sources);
        options ??= new SearchOptions();
        specials ??= new TranslationSpecials();
        if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), $"batchSize must be >= 1, got {options.BatchSize}");
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            var results = new int[sources.Count][];
            // Similar lengths together: less padding.
            var order = Enumerable.Range(0, sources.Count).OrderBy(i => sources[i].Length).ToArray();
            foreach (var chunk in order.Chunk(options.BatchSize))
            {
                using var scope = NewDisposeScope();
                var chunkSources = chunk.Select(i => Fit(sources[i], model.Config.MaxLength)).ToList();
                var hypotheses = beam == 0
                    ? GreedyChunk(model, chunkSources, options, specials)
                    : BeamChunk(model, chunkSources, beam, options, specials);
                for (var k = 0; k < chunk.Length; k++) results[chunk[k]] = hypotheses[k];
            }
            return results;
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    private static int[][] GreedyChunk(TranslationTransformer model, List<int[]> sources, SearchOptions options, TranslationSpecials specials)
    {
        var n = sources.Count;
        var (_, padding, memory) = Encode(model, sources, specials);
        using var cache = model.StartDecoding(memory, padding);
        var limits = sources.Select(s => options.MaxSteps(s.Length, model.Config.MaxLength)).ToArray();
        var tokens = Enumerable.Range(0, n).Select(_ => new List<int> { (int)specials.Begin }).ToArray();
        var finished = new bool[n];
        for (var step = 0; step < limits.Max() && !finished.All(f => f); step++)
        {
            using var scope = NewDisposeScope();
            var logProbabilities = NextLogProbabilities(model, tokens, cache, specials);                // [n, V]
            var best = logProbabilities.argmax(1).data<long>().ToArray();
            for (var i = 0; i < n; i++)
            {
                if (finished[i]) { tokens[i].Add((int)specials.Pad); continue; }
                var next = step + 1 >= limits[i] ? (int)specials.End : (int)best[i];
                tokens[i].Add(next);
                finished[i] = next == specials.End;
            }
        }
        return tokens.Select(t => Strip(t, specials)).ToArray();
    }

    private static int[][] BeamChunk(TranslationTransformer model, List<int[]> sources, int k, SearchOptions options, TranslationSpecials specials)
    {
        var n = sources.Count;
        var (_, padding, memory) = Encode(model, sources, specials);
        var rows = tensor(Enumerable.Range(0, n * k).Select(r => (long)(r / k)).ToArray(), device: memory.device);
        (padding, memory) = (padding.index_select(0, rows), memory.index_select(0, rows));           // K copies per sentence
        using var cache = model.StartDecoding(memory, padding);
        var limits = sources.Select(s => options.MaxSteps(s.Length, model.Config.MaxLength)).ToArray();
        var tokens = Enumerable.Range(0, n * k).Select(_ => new List<int> { (int)specials.Begin }).ToArray();
        // Only beam 0 of a sentence is live at the start, so the K identical prefixes do not fill the beam.
        var scores = Enumerable.Range(0, n * k).Select(r => r % k == 0 ? 0.0 : double.NegativeInfinity).ToArray();
        var done = Enumerable.Range(0, n).Select(_ => new List<(int[] Tokens, double Score)>()).ToArray();
        for (var step = 0; step < limits.Max() && done.Any(d => d.Count < k); step++)
        {
            using var scope = NewDisposeScope();
            var logProbabilities = NextLogProbabilities(model, tokens, cache, specials);                // [n·K, V]
            var vocabulary = logProbabilities.shape[1];
            var forceEnd = Enumerable.Range(0, n * k).Select(r => step + 1 >= limits[r / k]).ToArray();
            if (forceEnd.Any(f => f))
            {
                var endOnlyValues = Enumerable.Repeat(float.NegativeInfinity, (int)vocabulary).ToArray();
                endOnlyValues[specials.End] = 0;
                var endOnly = tensor(endOnlyValues, device: logProbabilities.device).to(logProbabilities.dtype);
                var forced = tensor(forceEnd, device: logProbabilities.device).unsqueeze(1);
                logProbabilities = where(forced, logProbabilities.plus(endOnly), logProbabilities);
            }
            var total = logProbabilities.to(ScalarType.Float64).plus(tensor(scores, device: logProbabilities.device).unsqueeze(1));
            var (values, indices) = total.view(n, k * vocabulary).topk(2 * k, 1);                        // [n, 2K]
            var (best, at) = (values.data<double>().ToArray(), indices.data<long>().ToArray());
            var nextTokens = new List<int>[n * k];
            var nextScores = new double[n * k];
            var parents = new long[n * k];
            for (var i = 0; i < n; i++)
            {
                var kept = 0;
                for (var c = 0; c < 2 * k && done[i].Count < k; c++)
                {
                    var (score, index) = (best[i * 2 * k + c], at[i * 2 * k + c]);
                    if (double.IsNegativeInfinity(score)) break;
                    var parent = i * k + (int)(index / vocabulary);
                    var token = (int)(index % vocabulary);
                    if (token == specials.End)
                    {
                        if (c < k) done[i].Add((Strip(tokens[parent], specials), score / (step + 1)));
                    }
                    else if (kept < k)
                    {
                        nextTokens[i * k + kept] = [.. tokens[parent], token];
                        nextScores[i * k + kept] = score;
                        parents[i * k + kept] = parent;
                        kept++;
                    }
                }
                for (; kept < k; kept++)                                                                 // a finished or exhausted sentence
                {
                    nextTokens[i * k + kept] = [.. tokens[i * k], (int)specials.Pad];
                    nextScores[i * k + kept] = double.NegativeInfinity;
                    parents[i * k + kept] = i * k;
                }
            }
            (tokens, scores) = (nextTokens, nextScores);
            cache.Reorder(tensor(parents, device: memory.device));
        }
        return done.Select(d => d.Count == 0 ? [] : d.MaxBy(h => h.Score).Tokens).ToArray();
    }

    private static (Tensor Source, Tensor Padding, Tensor Memory) Encode(TranslationTransformer model, List<int[]> sources, TranslationSpecials specials)
    {
        using var batch = TranslationBatchSource.Make(sources, sources.Select(_ => Array.Empty<int>()).ToList(), specials);
        var source = batch.Source.to(model.SharedEmbedding.device);
        var padding = model.SourcePadding(source);
        return (source, padding, model.Encode(source, padding));
    }

    /// <summary>
    /// log p(next | prefix, source) for each row's prefix, [rows, V], with pad and &lt;s&gt; at −∞: the newest token of
    /// each prefix goes through the decoder, whose cache holds the earlier ones.
    /// </summary>
    private static Tensor NextLogProbabilities(TranslationTransformer model, List<int>[] prefixes, DecoderCache cache, TranslationSpecials specials)
    {
        var device = cache.SourcePadding.device;
        var newest = tensor(prefixes.Select(p => (long)p[^1]).ToArray(), [prefixes.Length, 1], device: device);
        var logits = model.DecodeStep(newest, cache);                                                // [rows, V]
        var banned = tensor(new[] { specials.Pad, specials.Begin }, device: device);
        return logits.log_softmax(1).index_fill_kept(1, banned, double.NegativeInfinity);
    }

    private static Tensor index_fill_kept(this Tensor x, long dim, Tensor index, double value)
    {
        using var s = value.ToScalar();
        return x.index_fill(dim, index, s);
    }

    private static int[] Fit(int[] source, int maxLength) => source.Length <= maxLength - 1 ? source : source[..(maxLength - 1)];

    private static int[] Strip(List<int> tokens, TranslationSpecials specials) =>
        tokens.Skip(1).TakeWhile(t => t != specials.End && t != specials.Pad).ToArray();
}
