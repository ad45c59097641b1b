using System.Text.Json.Nodes;
using Research.Core.Data.Bible;
using Research.Core.Data.Cache;
using Research.Core.Data.Formats;
using Research.Core.Data.Text;
using Research.Core.Experiments.Labo;
using Research.Core.Tests.Data;

namespace Research.Core.Tests.Labo;

/// <summary>
/// TranslationData.FromCorpus on a generated corpus folder laid out as `research data prepare mt` writes it (text,
/// references, piece ids, a joint vocabulary): training pairs filtered by length and subset without the run's seed,
/// held-out references as text, and a per-side vocabulary refused.
/// </summary>
public sealed class TranslationCorpusDataTests
{
    private static TranslationCorpus Corpus(TempFolder folder, string spm)
    {
        string[] pieces = ["<pad>", "<unk>", "<s>", "</s>", "\u2581a", "\u2581b", "\u2581c", "\u2581d"];
        File.WriteAllLines(folder.File("spm.vocab"), pieces.Select(p => $"{p}\t0"));
        File.WriteAllLines(folder.File("spm.es.vocab"), pieces.Select(p => $"{p}\t0"));
        File.WriteAllLines(folder.File("spm.en.vocab"), pieces.Select(p => $"{p}\t0"));
        var random = new Random(5);
        foreach (var (split, count) in new[] { ("train", 30), ("valid", 6), ("test", 8) })
        {
            // Pair i of train has i % 7 + 1 pieces a side, so lengths 1-7 occur.
            var source = Enumerable.Range(0, count).Select(i => Enumerable.Range(0, i % 7 + 1).Select(_ => random.Next(4, 8)).ToArray()).ToArray();
            var target = Enumerable.Range(0, count).Select(i => Enumerable.Range(0, i % 7 + 1).Select(_ => random.Next(4, 8)).ToArray()).ToArray();
            var vocabulary = new SentencePieceVocabulary(pieces);
            ParallelText.Write(folder.File($"{split}.es"), folder.File($"{split}.en"),
                source.Zip(target, (s, t) => new SentencePair(vocabulary.Decode(s), vocabulary.Decode(t))).ToList());
            File.WriteAllLines(folder.File($"{split}.ref"), Enumerable.Range(0, count).Select(i => $"Gen 1:{i + 1}"));
            SentencePiece.WriteIds(folder.File($"{split}.es.ids"), source);
            SentencePiece.WriteIds(folder.File($"{split}.en.ids"), target);
        }
        var manifest = new DataManifest
        {
            Name = "mt", Variant = "test", PreprocessingVersion = 1, Options = new SortedDictionary<string, string> { ["spm"] = spm, ["vocab"] = "8", ["books"] = "all" },
            Sources = [], Files = [], Statistics = new JsonObject(),
        };
        return BibleTranslation.Read(folder.Path, manifest);
    }

    [Fact]
    public void Pairs_are_filtered_by_length_and_subset_the_same_way_for_every_run()
    {
        using var folder = new TempFolder();
        var corpus = Corpus(folder, "joint");
        var all = TranslationData.FromCorpus(corpus, trainPairs: 0, validPairs: 0, testPairs: 0, maxPieces: 4);
        Assert.Equal(Enumerable.Range(0, 30).Count(i => i % 7 + 1 <= 4), all.Train.Count);
        Assert.All(all.Train.Source.Concat(all.Train.Target), ids => Assert.True(ids.Length <= 4));
        Assert.Equal((6, 8), (all.Valid.Count, all.Test.Count));                                   // held-out verses are never filtered
        Assert.Equal(corpus.Text.Test.Select(p => p.Target), all.Test.References);
        Assert.Equal(all.Test.References, all.Test.Target.Select(all.Decode));                    // the vocabulary decodes back to the text
        var some = TranslationData.FromCorpus(corpus, trainPairs: 5, validPairs: 3, testPairs: 0, maxPieces: 4);
        Assert.Equal((5, 3, 8), (some.Train.Count, some.Valid.Count, some.Test.Count));
        Assert.Equal(some.Train.Source, TranslationData.FromCorpus(corpus, 5, 3, 0, 4).Train.Source);
        Assert.All(some.Train.Source, ids => Assert.Contains(all.Train.Source, a => a.SequenceEqual(ids)));
    }

    [Fact]
    public void A_corpus_with_one_vocabulary_per_side_is_refused()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<ArgumentException>(() => TranslationData.FromCorpus(Corpus(folder, "separate"), 0, 0, 0, 40));
        Assert.Contains("prepared with spm=separate: expected spm=joint", error.Message);
    }
}
