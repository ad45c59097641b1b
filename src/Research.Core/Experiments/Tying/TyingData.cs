using Research.Core.Data.Bible;
using Research.Core.Data.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Experiments.Tying;

/// <summary>The batchified token streams one tying experiment trains and evaluates on ([N, T] each).</summary>
public sealed class TyingData : IDisposable
{
    private TyingData(Tensor train, Tensor trainEval, Tensor valid, Tensor test, int vocabulary, int trainTokens, IReadOnlyDictionary<string, double> unknownRates)
    {
        Train = train;
        TrainEval = trainEval;
        Valid = valid;
        Test = test;
        Vocabulary = vocabulary;
        TrainTokens = trainTokens;
        UnknownRates = unknownRates;
    }

    public Tensor Train { get; }

    /// <summary>The start of the training slice, evaluated without dropout to measure training perplexity.</summary>
    public Tensor TrainEval { get; }

    public Tensor Valid { get; }
    public Tensor Test { get; }
    public int Vocabulary { get; }
    public int TrainTokens { get; }

    /// <summary>The share of &lt;unk&gt; tokens per split of the sliced corpus.</summary>
    public IReadOnlyDictionary<string, double> UnknownRates { get; }

    /// <summary>Loads (preparing if needed) the KJV corpus with the scale's vocabulary and cuts it to the scale.</summary>
    public static TyingData Load(TyingScale scale)
    {
        var (corpus, _) = KjvCorpus.Load(scale.Vocabulary);
        return From(corpus, scale);
    }

    public static TyingData From(LanguageModelCorpus corpus, TyingScale scale)
    {
        var train = Blocks(corpus.Train, scale.TrainTokens, scale.BlockTokens);
        var valid = Head(corpus.Valid, scale.HeldOutTokens);
        var test = Head(corpus.Test, scale.HeldOutTokens);
        var rates = new Dictionary<string, double>
        {
            ["train"] = LanguageModelCorpus.UnknownRate(train, corpus.Vocabulary),
            ["valid"] = LanguageModelCorpus.UnknownRate(valid, corpus.Vocabulary),
            ["test"] = LanguageModelCorpus.UnknownRate(test, corpus.Vocabulary),
        };
        using var scope = torch.NewDisposeScope();
        var data = new TyingData(
            BpttBatches.Batchify(train, scale.Batch).DetachFromDisposeScope(),
            BpttBatches.Batchify(Head(train, scale.TrainEvalTokens), scale.EvalBatch).DetachFromDisposeScope(),
            BpttBatches.Batchify(valid, scale.EvalBatch).DetachFromDisposeScope(),
            BpttBatches.Batchify(test, scale.EvalBatch).DetachFromDisposeScope(),
            corpus.Vocabulary.Count, train.Length, rates);
        return data;
    }

    /// <summary>Every k-th block of blockTokens tokens, k chosen so that about `tokens` remain (all of them when tokens is 0).</summary>
    public static int[] Blocks(int[] ids, int tokens, int blockTokens)
    {
        if (tokens <= 0 || tokens >= ids.Length) return ids;
        var every = Math.Max(1, (int)Math.Round((double)ids.Length / tokens));
        var kept = new List<int>(tokens + blockTokens);
        for (var start = 0; start < ids.Length; start += blockTokens * every)
            kept.AddRange(ids.AsSpan(start, Math.Min(blockTokens, ids.Length - start)).ToArray());
        return kept.ToArray();
    }

    private static int[] Head(int[] ids, int tokens) => tokens <= 0 || tokens >= ids.Length ? ids : ids[..tokens];

    public void Dispose()
    {
        Train.Dispose();
        TrainEval.Dispose();
        Valid.Dispose();
        Test.Dispose();
    }
}
