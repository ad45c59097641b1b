using Research.Core.Data;
using Research.Core.Data.Bible;
using Research.Core.Data.Text;

namespace Research.Core.Experiments.Labo;

/// <summary>One split of a translation task: piece ids per side (no specials) and the reference text of the target side.</summary>
public sealed record TranslationSplit(int[][] Source, int[][] Target, string[] References)
{
    public int Count => Source.Length;

    public TranslationSplit Take(IEnumerable<int> rows)
    {
        var chosen = rows.ToArray();
        return new TranslationSplit(chosen.Select(i => Source[i]).ToArray(), chosen.Select(i => Target[i]).ToArray(), chosen.Select(i => References[i]).ToArray());
    }
}

/// <summary>
/// The data of one LABO-R translation run: three splits over one joint vocabulary, whose Decode turns hypotheses back
/// into text for BLEU and chrF, and how many training targets were swapped to another pair's (the noisy-target variant).
/// </summary>
public sealed record TranslationData(TranslationSplit Train, TranslationSplit Valid, TranslationSplit Test, SentencePieceVocabulary Vocabulary,
    string Name, int MisalignedPairs = 0)
{
    public string Decode(int[] ids) => Vocabulary.Decode(ids);

    /// <summary>The data a run names at a scale: "mt", the Bible corpus (`research data prepare mt`), or "word-mapping",
    /// the generated language (the toy scale's sizes where the scale says 0).</summary>
    public static TranslationData Load(string data, TranslationScale scale)
    {
        ArgumentNullException.ThrowIfNull(scale);
        int Or(int size, int toy) => size > 0 ? size : toy;
        var toy = TranslationScale.Toy;
        return data switch
        {
            "mt" => FromCorpus(BibleTranslation.Load(), scale.TrainPairs, scale.ValidPairs, scale.TestPairs, scale.MaxPieces),
            "word-mapping" => WordMapping(Or(scale.TrainPairs, toy.TrainPairs), Or(scale.ValidPairs, toy.ValidPairs), Or(scale.TestPairs, toy.TestPairs), seed: 1),
            _ => throw new ArgumentException($"translation data '{data}': expected mt or word-mapping", nameof(data)),
        };
    }

    /// <summary>
    /// The Bible corpus (`research data prepare mt`, joint SentencePiece model), with at most trainPairs training pairs
    /// (0: all) whose sides have at most maxPieces pieces each, and the first validPairs / testPairs of the held-out
    /// books in a fixed order (0: all). The choice of pairs does not depend on the run's seed, so methods and seeds
    /// compare on the same data.
    /// </summary>
    public static TranslationData FromCorpus(TranslationCorpus corpus, int trainPairs, int validPairs, int testPairs, int maxPieces)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        if (corpus.Manifest.Options.GetValueOrDefault("spm") != "joint")
            throw new ArgumentException($"the mt corpus was prepared with spm={corpus.Manifest.Options.GetValueOrDefault("spm")}: expected spm=joint (one shared vocabulary)", nameof(corpus));
        TranslationSplit Split(string name, int count, bool filter)
        {
            var ids = corpus.Ids[name];
            var text = corpus.Text.Split(name);
            var all = new TranslationSplit(ids.Source, ids.Target, text.Select(p => p.Target).ToArray());
            var rows = Enumerable.Range(0, all.Count).Where(i => !filter || (ids.Source[i].Length <= maxPieces && ids.Target[i].Length <= maxPieces)).ToArray();
            if (count > 0 && count < rows.Length) rows = SeededPermutation.Of(rows.Length, 0)[..count].Order().Select(i => rows[i]).ToArray();
            return all.Take(rows);
        }
        return new TranslationData(Split("train", trainPairs, filter: true), Split("valid", validPairs, filter: false), Split("test", testPairs, filter: false),
            corpus.TargetVocabulary, "mt");
    }

    /// <summary>
    /// A generated word-mapping "language" for tests and smoke runs (no download): source sentences of 3-8 words from
    /// `words` source words; the target maps each word through a fixed random bijection and swaps each adjacent pair of
    /// words (a little reordering). Word pieces are "▁s{i}" and "▁t{i}" after the four specials, so the vocabulary
    /// decodes hypotheses to "t3 t0 …" text. Train, valid and test are disjoint draws from one seeded generator.
    /// </summary>
    public static TranslationData WordMapping(int trainPairs, int validPairs, int testPairs, int words = 12, int seed = 0)
    {
        if (words < 2) throw new ArgumentOutOfRangeException(nameof(words), $"words must be >= 2, got {words}");
        var random = new Random(seed);
        var mapping = SeededPermutation.Of(words, random);
        string[] pieces = ["<pad>", "<unk>", "<s>", "</s>", .. Enumerable.Range(0, words).Select(i => $"\u2581s{i}"), .. Enumerable.Range(0, words).Select(i => $"\u2581t{i}")];
        var vocabulary = new SentencePieceVocabulary(pieces);
        var seen = new HashSet<string>();
        TranslationSplit Draw(int count)
        {
            var (sources, targets, references) = (new List<int[]>(), new List<int[]>(), new List<string>());
            while (sources.Count < count)
            {
                var sentence = Enumerable.Range(0, random.Next(3, 9)).Select(_ => random.Next(words)).ToArray();
                if (!seen.Add(string.Join(',', sentence))) continue;
                var mapped = sentence.Select(w => mapping[w]).ToArray();
                for (var j = 0; j + 1 < mapped.Length; j += 2) (mapped[j], mapped[j + 1]) = (mapped[j + 1], mapped[j]);
                var target = mapped.Select(w => 4 + words + w).ToArray();
                sources.Add(sentence.Select(w => 4 + w).ToArray());
                targets.Add(target);
                references.Add(vocabulary.Decode(target));
            }
            return new TranslationSplit(sources.ToArray(), targets.ToArray(), references.ToArray());
        }
        return new TranslationData(Draw(trainPairs), Draw(validPairs), Draw(testPairs), vocabulary, "word-mapping");
    }

    /// <summary>
    /// The noisy-target variant (labo.md §4.5 (i)): round(fraction·N) training pairs, chosen from a seeded order, get
    /// the target of another chosen pair (a cyclic shift over them, so none keeps its own). Validation and test stay clean.
    /// </summary>
    public TranslationData WithMisalignedTargets(double fraction, int seed)
    {
        if (!(fraction is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), $"fraction must be in [0, 1], got {fraction}");
        var count = (int)Math.Round(fraction * Train.Count);
        if (count < 2) return this with { MisalignedPairs = 0 };
        var chosen = SeededPermutation.Of(Train.Count, seed)[..count];
        var targets = (int[][])Train.Target.Clone();
        var references = (string[])Train.References.Clone();
        for (var j = 0; j < count; j++)
        {
            var from = chosen[(j + 1) % count];
            targets[chosen[j]] = Train.Target[from];
            references[chosen[j]] = Train.References[from];
        }
        return this with { Train = new TranslationSplit(Train.Source, targets, references), MisalignedPairs = count };
    }
}
