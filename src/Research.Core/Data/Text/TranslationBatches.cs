using Research.Core.Data.Loading;
using Research.Core.Training;
using static TorchSharp.torch;

namespace Research.Core.Data.Text;

/// <summary>
/// One batch of sentence pairs, right-padded with pad id: source [B, S] (ending in &lt;/s&gt;), target input [B, T]
/// (&lt;s&gt; y₁ … y_n) and target output [B, T] (y₁ … y_n &lt;/s&gt;), all int64; the trainer disposes it after its step.
/// </summary>
public sealed record TranslationBatch(Tensor Source, Tensor TargetInput, Tensor TargetOutput) : IDisposable
{
    public void Dispose()
    {
        Source.Dispose();
        TargetInput.Dispose();
        TargetOutput.Dispose();
    }
}

/// <summary>The special ids of a translation vocabulary (SentencePiece's defaults in the kit: 0 pad, 1 unk, 2 bos, 3 eos).</summary>
public sealed record TranslationSpecials(long Pad = SentencePiece.PadId, long Unknown = SentencePiece.UnknownId, long Begin = SentencePiece.BeginId, long End = SentencePiece.EndId)
{
    public IReadOnlyList<long> All => [Pad, Unknown, Begin, End];
}

/// <summary>
/// Sentence pairs (piece ids without specials) as batches of about maxTokens padded tokens, fairseq-style: pairs
/// sorted by length (ties broken by a seeded order) and cut into batches, whose order is shuffled per epoch from
/// (seed, epoch), so a resumed run sees the same batches. Sequences longer than maxLength − 1 are cut.
/// </summary>
public sealed class TranslationBatchSource : IBatchSource<TranslationBatch>
{
    private readonly int[][] sources, targets;
    private readonly int[][] batches;
    private readonly bool shuffle;
    private readonly int seed;

    public TranslationBatchSource(IReadOnlyList<int[]> sources, IReadOnlyList<int[]> targets, int maxTokens, int maxLength,
        TranslationSpecials? specials = null, bool shuffle = true, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(targets);
        if (sources.Count != targets.Count)
            throw new ArgumentException($"TranslationBatchSource: {sources.Count} sources but {targets.Count} targets: expected one target per source", nameof(targets));
        if (sources.Count == 0) throw new ArgumentException("TranslationBatchSource: no sentence pairs: expected at least one", nameof(sources));
        if (maxLength < 2) throw new ArgumentOutOfRangeException(nameof(maxLength), $"TranslationBatchSource: maxLength must be >= 2, got {maxLength}");
        if (maxTokens < maxLength) throw new ArgumentOutOfRangeException(nameof(maxTokens), $"TranslationBatchSource: maxTokens must be >= maxLength ({maxLength}), got {maxTokens}");
        Specials = specials ?? new TranslationSpecials();
        this.sources = sources.Select(s => Cut(s, maxLength)).ToArray();
        this.targets = targets.Select(t => Cut(t, maxLength)).ToArray();
        this.shuffle = shuffle;
        this.seed = seed;
        var tieBreak = SeededPermutation.Of(this.sources.Length, seed);
        var order = Enumerable.Range(0, this.sources.Length)
            .OrderBy(i => this.targets[i].Length).ThenBy(i => this.sources[i].Length).ThenBy(i => tieBreak[i]).ToArray();
        var cut = new List<int[]>();
        var current = new List<int>();
        var longest = 0;
        foreach (var i in order)
        {
            var length = Math.Max(this.sources[i].Length, this.targets[i].Length) + 1;
            if (current.Count > 0 && Math.Max(longest, length) * (current.Count + 1) > maxTokens)
            {
                cut.Add(current.ToArray());
                current.Clear();
                longest = 0;
            }
            current.Add(i);
            longest = Math.Max(longest, length);
        }
        cut.Add(current.ToArray());
        batches = cut.ToArray();
    }

    public TranslationSpecials Specials { get; }

    public int BatchCount => batches.Length;

    /// <summary>The number of target tokens a pass scores (with &lt;/s&gt;).</summary>
    public long TargetTokens => targets.Sum(t => t.Length + 1L);

    public IEnumerable<TranslationBatch> Batches(int epoch)
    {
        var order = shuffle ? SeededPermutation.Of(batches.Length, BatchSampler.EpochSeed(seed, epoch)) : Enumerable.Range(0, batches.Length).ToArray();
        foreach (var b in order) yield return Make(batches[b].Select(i => sources[i]).ToList(), batches[b].Select(i => targets[i]).ToList(), Specials);
    }

    /// <summary>A padded batch of pairs (piece ids without specials): &lt;/s&gt; ends the source and the target output, &lt;s&gt; starts the target input.</summary>
    public static TranslationBatch Make(IReadOnlyList<int[]> sources, IReadOnlyList<int[]> targets, TranslationSpecials? specials = null)
    {
        specials ??= new TranslationSpecials();
        var n = sources.Count;
        var sourceLength = sources.Max(s => s.Length) + 1;
        var targetLength = targets.Max(t => t.Length) + 1;
        var source = Filled(n * sourceLength, specials.Pad);
        var input = Filled(n * targetLength, specials.Pad);
        var output = Filled(n * targetLength, specials.Pad);
        for (var r = 0; r < n; r++)
        {
            for (var j = 0; j < sources[r].Length; j++) source[r * sourceLength + j] = sources[r][j];
            source[r * sourceLength + sources[r].Length] = specials.End;
            input[r * targetLength] = specials.Begin;
            for (var j = 0; j < targets[r].Length; j++)
            {
                input[r * targetLength + j + 1] = targets[r][j];
                output[r * targetLength + j] = targets[r][j];
            }
            output[r * targetLength + targets[r].Length] = specials.End;
        }
        return new TranslationBatch(tensor(source, [n, sourceLength]), tensor(input, [n, targetLength]), tensor(output, [n, targetLength]));
    }

    private static long[] Filled(int count, long value)
    {
        var a = new long[count];
        Array.Fill(a, value);
        return a;
    }

    // Room for the </s> (or <s>) the batch adds.
    private static int[] Cut(int[] ids, int maxLength) => ids.Length <= maxLength - 1 ? ids : ids[..(maxLength - 1)];
}
