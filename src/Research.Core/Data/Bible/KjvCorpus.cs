using System.Globalization;
using Research.Core.Data.Cache;
using Research.Core.Data.Formats;
using Research.Core.Data.Text;

namespace Research.Core.Data.Bible;

/// <summary>Loads the KJV language-model corpus, preparing it in the cache first if needed.</summary>
public static class KjvCorpus
{
    /// <summary>Token ids of the three splits with the variant's top-k vocabulary (5000 by default, 10000 the alternative).</summary>
    public static (LanguageModelCorpus Corpus, DataManifest Manifest) Load(int vocabularySize = 5000, DataCache? cache = null, PrepareSettings? settings = null)
    {
        var prepared = new KjvRecipe().Prepare(
            cache ?? DataCache.Resolve(),
            new Dictionary<string, string> { ["vocab"] = vocabularySize.ToString(CultureInfo.InvariantCulture) },
            settings);
        var vocabulary = Vocabulary.Load(Path.Combine(prepared.Folder, "vocab.txt"));
        return (TokenFileCorpus.Read(prepared.Folder, vocabulary: vocabulary), prepared.Manifest);
    }
}
