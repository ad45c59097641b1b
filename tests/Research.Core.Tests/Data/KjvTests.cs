using Research.Core.Data.Bible;
using Research.Core.Data.Cache;
using Research.Core.Data.Formats;

namespace Research.Core.Tests.Data;

public sealed class KjvTests
{
    public static TheoryData<string, string> Verses() => new()
    {
        { "In the beginning God created the heaven and the earth.", "in the beginning god created the heaven and the earth" },
        { "And Moses' father's house, (even the Lord's;) is here!", "and moses' father 's house even the lord 's is here" },
        { "Behold, the loving-kindness of God-ward; selah.", "behold the loving kindness of god ward selah" },
        { "In the 600th year, 12 men: and 'tis so.", "in the NNNth year NN men and 'tis so" },
        { "Then said he, ' and ' they went -- out.", "then said he and they went out" },
        { "The sons' sons, the king's: it's done", "the sons' sons the king 's it 's done" },
        { "", "" },
    };

    [Theory]
    [MemberData(nameof(Verses))]
    public void Ptb_style_tokens_of_hand_made_verses(string verse, string tokens) =>
        Assert.Equal(tokens, string.Join(' ', PtbStyleTokenizer.Tokenize(verse)));

    [Theory]
    [InlineData("Ge1:1 In the beginning", "Ge", 1, 1, "In the beginning")]
    [InlineData("1Sm17:4 And there went out", "1Sm", 17, 4, "And there went out")]
    [InlineData("Rev22:21 The grace of our Lord", "Rev", 22, 21, "The grace of our Lord")]
    public void Parses_the_bible_program_line_format(string line, string book, int chapter, int verse, string text) =>
        Assert.Equal(new KjvVerse(book, chapter, verse, text), KjvText.ParseLine(line, 1));

    [Fact]
    public void A_line_without_a_reference_is_an_error_naming_the_line()
    {
        var e = Assert.Throws<InvalidDataException>(() => KjvText.Parse("Ge1:1 In the beginning\nnot a verse\n"));
        Assert.Contains("bible output line 2: expected 'BookC:V text'", e.Message);
        Assert.Contains("but found 'not a verse'", e.Message);
        var unknown = Assert.Throws<InvalidDataException>(() => KjvText.Parse("Gen1:1 In the beginning\n"));
        Assert.Contains("book code 'Gen' is not one of the 66 KJV codes", unknown.Message);
    }

    [Fact]
    public void Hand_made_export_is_split_by_book_with_eos_per_verse()
    {
        using var cache = new TempFolder();
        var recipe = new KjvRecipe
        {
            Export = () => "Ge1:1 In the beginning God created.\nJosh1:1 Now after the death of Moses.\nJohn1:1 In the beginning was the Word.\nRev1:1 God's word, God's word.\n",
        };
        var prepared = recipe.Prepare(new DataCache(cache.Path), new Dictionary<string, string> { ["vocab"] = "4" });
        Assert.Equal(["in the beginning god created", "god 's word god 's word"], File.ReadAllLines(Path.Combine(prepared.Folder, "train.txt")));
        Assert.Equal(["now after the death of moses"], File.ReadAllLines(Path.Combine(prepared.Folder, "valid.txt")));
        Assert.Equal(["in the beginning was the word"], File.ReadAllLines(Path.Combine(prepared.Folder, "test.txt")));
        // Train counts: god 3, then <eos>, 's and word 2 each, ranked by first occurrence; vocab 4 keeps <unk> + 3.
        Assert.Equal(["<unk>", "god", "<eos>", "'s"], File.ReadAllLines(Path.Combine(prepared.Folder, "vocab.txt")));
        var valid = prepared.Manifest.Statistics["splits"]!["valid"]!;
        Assert.Equal(7, valid["tokens"]!.GetValue<int>());
        Assert.Equal(6, valid["unk_tokens"]!.GetValue<int>());
    }

    /// <summary>The real corpus from bible-kjv, prepared into a temporary cache: the numbers tying.md's pilot reports.</summary>
    [Fact]
    public void Debian_kjv_matches_the_pilot_split_sizes_and_unk_rates()
    {
        using var cache = new TempFolder();
        var (corpus, manifest) = KjvCorpus.Load(5000, new DataCache(cache.Path));
        Assert.Equal(696_668, corpus.Train.Length);
        Assert.Equal(61_253, corpus.Valid.Length);
        Assert.Equal(64_631, corpus.Test.Length);
        Assert.Equal(5000, corpus.Vocabulary.Count);
        var stats = manifest.Statistics;
        Assert.Equal(31_102, stats["verses"]!.GetValue<int>());
        Assert.Equal(11_744, stats["train_word_types"]!.GetValue<int>());
        Assert.Equal(0.0165, corpus.UnknownRate("train"), 4);
        Assert.Equal(0.0313, corpus.UnknownRate("valid"), 4);
        Assert.Equal(0.0269, corpus.UnknownRate("test"), 4);
        var at10k = stats["unk_rate_by_vocabulary_size"]!["10000"]!;
        Assert.Equal(0.0025, at10k["train"]!.GetValue<double>(), 4);
        Assert.Equal(0.0144, at10k["valid"]!.GetValue<double>(), 4);
        Assert.Equal(0.0136, at10k["test"]!.GetValue<double>(), 4);
        Assert.Equal(4, stats["splits"]!["valid"]!["books"]!.GetValue<int>());
        Assert.Equal(5, stats["splits"]!["test"]!["books"]!.GetValue<int>());

        // Preparing again is a no-op; a changed file is noticed and rebuilt.
        var recipe = new KjvRecipe();
        var options = new Dictionary<string, string> { ["vocab"] = "5000" };
        Assert.False(recipe.Prepare(new DataCache(cache.Path), options).Built);
        var train = Path.Combine(cache.Path, "kjv", "default", "train.txt");
        File.AppendAllText(train, "tampered\n");
        var rebuilt = recipe.Prepare(new DataCache(cache.Path), options);
        Assert.True(rebuilt.Built);
        Assert.Null(rebuilt.Manifest.FindFileMismatch(rebuilt.Folder, checksums: true));
        Assert.Equal(696_668, TokenFileCorpus.ReadTokens(train).Count);
    }
}
