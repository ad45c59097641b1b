using Research.Core.Data.Cache;
using Research.Core.Data.Formats;
using Research.Core.Data.Text;

namespace Research.Core.Data.Bible;

/// <summary>Source and target piece ids of one split, sentence by sentence (no &lt;s&gt; or &lt;/s&gt; added).</summary>
public sealed record TokenisedPairs(int[][] Source, int[][] Target);

/// <summary>The Spanish-English Bible corpus: text, verse references, piece ids and the sentencepiece vocabularies.</summary>
public sealed record TranslationCorpus(
    ParallelSplits Text,
    IReadOnlyDictionary<string, string[]> References,
    IReadOnlyDictionary<string, TokenisedPairs> Ids,
    SentencePieceVocabulary SourceVocabulary,
    SentencePieceVocabulary TargetVocabulary,
    string SourceModelPath,
    string TargetModelPath,
    DataManifest Manifest);

/// <summary>Loads the verse-aligned corpus, preparing it in the cache first if needed.</summary>
public static class BibleTranslation
{
    public static TranslationCorpus Load(IReadOnlyDictionary<string, string>? options = null, DataCache? cache = null, PrepareSettings? settings = null)
    {
        var prepared = new BibleTranslationRecipe().Prepare(cache ?? DataCache.Resolve(), options, settings);
        return Read(prepared.Folder, prepared.Manifest);
    }

    public static TranslationCorpus Read(string folder, DataManifest manifest)
    {
        var (src, tgt) = (BibleTranslationRecipe.Source.Language, BibleTranslationRecipe.Target.Language);
        var joint = manifest.Options["spm"] == "joint";
        var sourceModel = Path.Combine(folder, joint ? "spm" : $"spm.{src}");
        var targetModel = Path.Combine(folder, joint ? "spm" : $"spm.{tgt}");
        var references = BibleTranslationRecipe.Splits.ToDictionary(s => s,
            s => TextFile.ReadLines(Path.Combine(folder, $"{s}.ref"), "one verse reference a line"));
        var ids = BibleTranslationRecipe.Splits.ToDictionary(s => s, s => new TokenisedPairs(
            SentencePiece.ReadIds(Path.Combine(folder, $"{s}.{src}.ids")),
            SentencePiece.ReadIds(Path.Combine(folder, $"{s}.{tgt}.ids"))));
        return new TranslationCorpus(
            ParallelText.ReadFolder(folder, src, tgt),
            references,
            ids,
            SentencePieceVocabulary.Load(sourceModel + ".vocab"),
            SentencePieceVocabulary.Load(targetModel + ".vocab"),
            sourceModel + ".model",
            targetModel + ".model",
            manifest);
    }
}
