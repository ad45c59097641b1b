using System.Text.Json.Nodes;
using Research.Core.Data.Cache;
using Research.Core.Data.Formats;
using Research.Core.Data.Text;

namespace Research.Core.Data.Bible;

/// <summary>
/// A Spanish-English verse-aligned corpus (source: Reina-Valera 1909, target: World English Bible) exported book by
/// book with diatheke, cleaned, aligned by (book, chapter, verse) and split by whole books, with a sentencepiece
/// vocabulary trained on the training split (joint or one per side). The variant folder holds line-aligned text
/// (<c>train.es</c>, <c>train.en</c>, ...), verse references (<c>train.ref</c>) and piece ids (<c>train.es.ids</c>).
/// </summary>
public sealed class BibleTranslationRecipe : DataSetRecipe
{
    public static readonly DiathekeModule Source = DiathekeModule.SpanishRv1909;
    public static readonly DiathekeModule Target = DiathekeModule.EnglishWeb;

    // Held-out books mix genres (narrative, poetry, gospel, letters), about 1.1k-1.4k verses each.
    public static readonly IReadOnlyList<string> ValidBooks = ["Ruth", "Lam", "Mark", "Phil", "Jas"];
    public static readonly IReadOnlyList<string> TestBooks = ["Jonah", "Eccl", "John", "Gal", "1Pet"];
    public static readonly string[] Splits = ["train", "valid", "test"];

    /// <summary>Runs diatheke for one module and book; a test replaces it with hand-made output.</summary>
    public Func<DiathekeModule, BibleBook, string> Export { get; init; } =
        (module, book) => ExternalCommand.Run("diatheke", module.ExportArguments(book));

    public override string Name => "mt";
    public override string Description => "Spanish-English Bible (RV1909 -> WEB), verse-aligned, split by book, sentencepiece vocabulary";
    public override int PreprocessingVersion => 1;

    public override IReadOnlyList<DebianPackage> Packages { get; } =
    [
        new("diatheke", "/usr/bin/diatheke"),
        new(Source.Package, Source.ConfigPath),
        new(Target.Package, Target.ConfigPath),
        SentencePiece.Package,
    ];

    public override IReadOnlyList<DataOption> Options { get; } =
    [
        new("vocab", "8000", "sentencepiece vocabulary size (per model)"),
        new("spm", "joint", "one joint sentencepiece model for both sides, or one per side (separate)"),
        new("books", "all", "comma-separated OSIS codes to export (a slice, e.g. Ruth,Jonah,Phlm), or all"),
    ];

    public static string SplitOf(string osis) => ValidBooks.Contains(osis) ? "valid" : TestBooks.Contains(osis) ? "test" : "train";

    protected override BuildResult Build(string folder, IReadOnlyDictionary<string, string> options, TextWriter? log)
    {
        var vocabularySize = IntOption(options, "vocab", 16);
        var joint = ChoiceOption(options, "spm", "joint", "separate") == "joint";
        var books = options["books"] == "all" ? BibleBook.Canon : options["books"].Split(',').Select(BibleBook.Find).ToList();

        var sourceReport = new ExportReport();
        var targetReport = new ExportReport();
        var source = books.ToDictionary(b => b.Osis, b => ExportBook(Source, b, sourceReport, log));
        var target = books.ToDictionary(b => b.Osis, b => ExportBook(Target, b, targetReport, log));
        var wordForms = VerseCleaning.CountWordForms(source.Values.SelectMany(verses => verses.Values));
        var pairs = Splits.ToDictionary(s => s, _ => new List<(string Reference, SentencePair Pair)>());
        int onlySource = 0, onlyTarget = 0, gapPairs = 0;
        var gapChapters = new JsonArray();
        foreach (var book in books)
        {
            var (es, en) = (source[book.Osis], target[book.Osis]);
            var shifted = ChaptersNearGaps(EmptySlots(Source, es).Concat(EmptySlots(Target, en)));
            foreach (var chapter in shifted.Where(c => es.Keys.Any(k => k.Chapter == c)).Order()) gapChapters.Add($"{book.Osis} {chapter}");
            foreach (var (key, text) in es)
            {
                if (text.Length == 0) continue;
                if (!en.TryGetValue(key, out var translation) || translation.Length == 0) { onlySource++; continue; }
                if (shifted.Contains(key.Chapter)) { gapPairs++; continue; }
                var cased = Source.CapitalisedChapterOpening && key.Verse == 1 ? VerseCleaning.RecaseOpening(text, wordForms) : text;
                pairs[SplitOf(book.Osis)].Add(($"{book.Osis} {key.Chapter}:{key.Verse}", new SentencePair(cased, translation)));
            }
            onlyTarget += en.Count(kv => kv.Value.Length > 0 && (!es.TryGetValue(kv.Key, out var t) || t.Length == 0));
        }

        var files = new List<string>();
        foreach (var split in Splits)
        {
            ParallelText.Write(Path.Combine(folder, $"{split}.{Source.Language}"), Path.Combine(folder, $"{split}.{Target.Language}"),
                pairs[split].Select(p => p.Pair).ToList());
            File.WriteAllLines(Path.Combine(folder, $"{split}.ref"), pairs[split].Select(p => p.Reference));
            files.AddRange([$"{split}.{Source.Language}", $"{split}.{Target.Language}", $"{split}.ref"]);
        }
        if (pairs["train"].Count == 0) throw new InvalidDataException($"mt: the books {options["books"]} give no training pairs: expected at least one book outside the held-out ones");

        var models = TrainVocabularies(folder, joint, vocabularySize, files);
        var splitStatistics = new JsonObject();
        foreach (var split in Splits)
        {
            var sourceIds = Encode(folder, split, Source.Language, models[Source.Language], files);
            var targetIds = Encode(folder, split, Target.Language, models[Target.Language], files);
            splitStatistics[split] = new JsonObject
            {
                ["books"] = pairs[split].Select(p => p.Reference.Split(' ')[0]).Distinct().Count(),
                ["pairs"] = pairs[split].Count,
                [$"{Source.Language}_words"] = pairs[split].Sum(p => Words(p.Pair.Source)),
                [$"{Target.Language}_words"] = pairs[split].Sum(p => Words(p.Pair.Target)),
                [$"{Source.Language}_pieces"] = sourceIds.Sum(s => s.Length),
                [$"{Target.Language}_pieces"] = targetIds.Sum(s => s.Length),
                ["unk_pieces"] = sourceIds.Concat(targetIds).Sum(s => s.Count(id => id == SentencePiece.UnknownId)),
            };
        }
        var statistics = new JsonObject
        {
            ["source_language"] = Source.Language,
            ["target_language"] = Target.Language,
            ["pairs"] = pairs.Values.Sum(p => p.Count),
            ["verses_only_in_source"] = onlySource,
            ["verses_only_in_target"] = onlyTarget,
            ["pairs_dropped_in_versification_gaps"] = gapPairs,
            ["versification_gap_chapters"] = gapChapters,
            ["splits"] = splitStatistics,
            ["valid_books"] = new JsonArray(ValidBooks.Select(b => (JsonNode)b).ToArray()),
            ["test_books"] = new JsonArray(TestBooks.Select(b => (JsonNode)b).ToArray()),
            ["sentencepiece"] = new JsonObject
            {
                ["mode"] = joint ? "joint" : "separate",
                ["requested_size"] = vocabularySize,
                ["sizes"] = new JsonObject(models.Select(m => KeyValuePair.Create(m.Key,
                    (JsonNode?)SentencePieceVocabulary.Load(Path.Combine(folder, m.Value + ".vocab")).Count))),
            },
            ["cleaning"] = new JsonObject { [Source.Name] = sourceReport.ToJson(), [Target.Name] = targetReport.ToJson() },
        };
        var sources = Packages.Select(p => p.AsSource(p.Name switch
        {
            "diatheke" => "diatheke -b MODULE -f plain -o f -k BOOK, book by book",
            "sentencepiece" => "spm_train (unigram, character coverage 1.0, one thread, seed 1) on the training split; spm_encode",
            _ => $"SWORD module {(p.Name == Source.Package ? Source.Name : Target.Name)}",
        })).ToList();
        return new BuildResult(files, sources, statistics);
    }

    /// <summary>
    /// RV1909 follows the Hebrew verse numbering in a few chapters while keeping the KJV verse slots: it leaves a
    /// slot empty (Jonah 1:17, Job 38:39-41) and shifts the verses around it, often into the next chapter (Spanish
    /// Jonah 2:1 is English Jonah 1:17). Pairs in a chapter with such an empty slot, or in the chapter after it,
    /// are not aligned verse for verse: drop them.
    /// </summary>
    private static HashSet<int> ChaptersNearGaps(IEnumerable<int> chaptersWithEmptySlots) =>
        chaptersWithEmptySlots.SelectMany(c => new[] { c, c + 1 }).ToHashSet();

    private static IEnumerable<int> EmptySlots(DiathekeModule module, Dictionary<(int Chapter, int Verse), string> verses) =>
        module.EmptySlotsShiftVerses ? verses.Where(kv => kv.Value.Length == 0).Select(kv => kv.Key.Chapter) : [];

    private static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>Cleans one module's verses of a book: footnotes, Strong's tags, psalm titles. Empty verses stay, as "", to mark versification gaps.</summary>
    private Dictionary<(int Chapter, int Verse), string> ExportBook(DiathekeModule module, BibleBook book, ExportReport report, TextWriter? log)
    {
        if (module == Source) log?.WriteLine($"mt: exporting {book.Osis} ({Source.Name}, {Target.Name})");
        var exported = DiathekePlainText.Parse(Export(module, book), module, book);
        report.Add(exported);
        var verses = new Dictionary<(int, int), string>();
        foreach (var verse in exported.Verses)
        {
            var text = VerseCleaning.Clean(verse.Text);
            if (module.PsalmTitleInsideFirstVerse && book.IsPsalms && verse.Verse == 1)
            {
                var stripped = VerseCleaning.StripLeadingTitle(text);
                if (stripped != text) report.TitlesInsideVerse++;
                text = stripped;
            }
            if (text.Length == 0) report.EmptyVerses++;
            verses[(verse.Chapter, verse.Verse)] = text;
        }
        return verses;
    }

    private static Dictionary<string, string> TrainVocabularies(string folder, bool joint, int size, List<string> files)
    {
        var (source, target) = ($"train.{Source.Language}", $"train.{Target.Language}");
        if (joint)
        {
            SentencePiece.Train(folder, "spm", [source, target], size);
            files.AddRange(["spm.model", "spm.vocab"]);
            return new() { [Source.Language] = "spm", [Target.Language] = "spm" };
        }
        foreach (var language in new[] { Source.Language, Target.Language })
        {
            SentencePiece.Train(folder, $"spm.{language}", [$"train.{language}"], size);
            files.AddRange([$"spm.{language}.model", $"spm.{language}.vocab"]);
        }
        return new() { [Source.Language] = $"spm.{Source.Language}", [Target.Language] = $"spm.{Target.Language}" };
    }

    private static int[][] Encode(string folder, string split, string language, string model, List<string> files)
    {
        var sentences = TextFile.ReadLines(Path.Combine(folder, $"{split}.{language}"), "one sentence a line");
        var ids = SentencePiece.Encode(Path.Combine(folder, model + ".model"), sentences);
        SentencePiece.WriteIds(Path.Combine(folder, $"{split}.{language}.ids"), ids);
        files.Add($"{split}.{language}.ids");
        return ids;
    }

    /// <summary>What cleaning did to one module, summed over books.</summary>
    private sealed class ExportReport
    {
        public int Verses, TitlesDropped, ContinuationLines, LinesBeforeFirstVerse, TitlesInsideVerse, EmptyVerses;
        public bool AppendixCut;

        public void Add(ExportedBook book)
        {
            Verses += book.Verses.Count;
            TitlesDropped += book.TitlesDropped;
            ContinuationLines += book.ContinuationLines;
            LinesBeforeFirstVerse += book.LinesBeforeFirstVerse;
            AppendixCut |= book.AppendixCut;
        }

        public JsonObject ToJson() => new()
        {
            ["verses"] = Verses,
            ["repeated_titles_dropped"] = TitlesDropped,
            ["titles_cut_from_verse_1"] = TitlesInsideVerse,
            ["continuation_lines_joined"] = ContinuationLines,
            ["lines_before_first_verse_dropped"] = LinesBeforeFirstVerse,
            ["empty_verses"] = EmptyVerses,
            ["appendix_cut"] = AppendixCut,
        };
    }
}
