using Research.Core.Data.Bible;
using Research.Core.Data.Cache;

namespace Research.Core.Tests.Data;

public sealed class BibleTranslationTests
{
    private static readonly BibleBook Psalms = BibleBook.Find("Ps");
    private static readonly BibleBook Amos = BibleBook.Find("Amos");

    [Fact]
    public void Repeated_psalm_titles_are_dropped_and_poetry_lines_joined()
    {
        const string output =
            "A Psalm by David, when he fled.\n" +
            "  Psalms 3:1: Yahweh, how my adversaries have increased!\n" +
            "Many are those who rise up against me. \n" +
            "\n" +
            "A Psalm by David, when he fled. [3:0 a note]\n" +
            "  Psalms 3:2: Many there are who say of my soul,\n" +
            "“There is no help for him in God.” [3:2 The word [see 2:1]]\n" +
            "Selah.\n" +
            "\n" +
            "(engWEB2015eb)\n";
        var book = DiathekePlainText.Parse(output, DiathekeModule.EnglishWeb, Psalms);
        Assert.Equal(2, book.TitlesDropped);
        Assert.Equal(3, book.ContinuationLines);
        Assert.Equal(new ExportedVerse(3, 1, "Yahweh, how my adversaries have increased! Many are those who rise up against me."), book.Verses[0]);
        Assert.Equal("Many there are who say of my soul, “There is no help for him in God.” Selah.", VerseCleaning.Clean(book.Verses[1].Text));
    }

    [Fact]
    public void Text_after_a_blank_line_outside_psalms_stays_with_its_verse_and_the_glossary_is_cut()
    {
        const string output =
            "Amos 4:8: So two or three cities staggered to one city to drink water,\n" +
            "and were not satisfied;\n" +
            "\n" +
            "says Yahweh. \n" +
            "Amos 4:9: “I struck you with blight,\n" +
            "\n" +
            "yet you haven’t returned to me,”\n" +
            "\n" +
            "\n" +
            "   The following words used in the World English Bible (WEB) are not very common.\n" +
            "Abba Abba is a Chaldee word for father.\n" +
            "(engWEB2015eb)\n";
        var book = DiathekePlainText.Parse(output, DiathekeModule.EnglishWeb, Amos);
        Assert.True(book.AppendixCut);
        Assert.Equal(0, book.TitlesDropped);
        Assert.Equal("So two or three cities staggered to one city to drink water, and were not satisfied; says Yahweh.", book.Verses[0].Text);
        Assert.Equal("“I struck you with blight, yet you haven’t returned to me,”", book.Verses[1].Text);
    }

    [Fact]
    public void A_verse_printed_twice_or_a_foreign_book_header_is_an_error()
    {
        var twice = Assert.Throws<InvalidDataException>(() =>
            DiathekePlainText.Parse("Amos 1:1: a\nAmos 1:1: b\n", DiathekeModule.EnglishWeb, Amos));
        Assert.Contains("diatheke engWEB2015eb Amos: verse 1:1 appears twice", twice.Message);
        var foreign = Assert.Throws<InvalidDataException>(() =>
            DiathekePlainText.Parse("Amos 1:1: a\nHosea 1:2: b\n", DiathekeModule.EnglishWeb, Amos));
        Assert.Contains("expected every verse header to name 'Amos' but found 'Hosea'", foreign.Message);
    }

    public static TheoryData<string, string> CleanCases() => new()
    {
        { "LA revelación de Jesucristo <G5547>, que Dios le dió <G1325>;", "LA revelación de Jesucristo , que Dios le dió ;" },
        { "casting lots, [27:35 TR adds “that [see Psalm 22:18]”] and they sat", "casting lots, and they sat" },
        { "  God [1:1 note]   created\tthe heavens ", "God created the heavens" },
        { "[only a note]", "" },
    };

    [Theory]
    [MemberData(nameof(CleanCases))]
    public void Cleaning_removes_footnotes_and_strongs_tags(string raw, string clean) => Assert.Equal(clean, VerseCleaning.Clean(raw));

    public static TheoryData<string, string> TitleCases() => new()
    {
        { "Salmo de David, cuando huía de delante de Absalom su hijo. ¡OH Jehová, cuánto se han multiplicado", "¡OH Jehová, cuánto se han multiplicado" },
        { "Al Músico principal: sobre Neginoth: Salmo de David. RESPÓNDEME cuando clamo", "RESPÓNDEME cuando clamo" },
        { "BIENAVENTURADO el varón que no anduvo", "BIENAVENTURADO el varón que no anduvo" },
        { "Salmo sin mayúsculas", "Salmo sin mayúsculas" },
    };

    [Theory]
    [MemberData(nameof(TitleCases))]
    public void Spanish_psalm_titles_inside_verse_one_are_cut(string verse, string expected) =>
        Assert.Equal(expected, VerseCleaning.StripLeadingTitle(verse));

    public static TheoryData<string, string> RecaseCases() => new()
    {
        { "EN el principio crió Dios", "En el principio crió Dios" },
        { "Y LOS hijos de Rubén", "Y los hijos de Rubén" },
        { "Y SALOMÓN hizo parentesco", "Y Salomón hizo parentesco" },
        { "¡OH Jehová", "¡Oh Jehová" },
        { "Dijo el rey a JEHOVÁ", "Dijo el rey a JEHOVÁ" },
    };

    [Theory]
    [MemberData(nameof(RecaseCases))]
    public void Capitalised_chapter_openings_take_their_usual_case(string verse, string expected)
    {
        var counts = VerseCleaning.CountWordForms(["los hijos de los reyes", "Los dos", "Salomón y Salomón", "salomón"]);
        Assert.Equal(expected, VerseCleaning.RecaseOpening(verse, counts));
    }

    /// <summary>A slice of the real modules (four books, a small vocabulary), prepared into a temporary cache.</summary>
    [Fact]
    public void Debian_modules_align_by_verse_split_by_book_and_round_trip_through_sentencepiece()
    {
        using var cache = new TempFolder();
        var options = new Dictionary<string, string> { ["books"] = "Ruth,Jonah,Phlm,Ps", ["vocab"] = "600" };
        var corpus = BibleTranslation.Load(options, new DataCache(cache.Path));
        var stats = corpus.Manifest.Statistics;

        Assert.Equal(85, corpus.Text.Valid.Count);         // Ruth
        Assert.Equal(10 + 11, corpus.Text.Test.Count);     // Jonah 3-4: RV1909 leaves 1:17 empty and shifts chapter 2
        Assert.Equal(25 + 2461, corpus.Text.Train.Count);  // Philemon and Psalms
        Assert.Equal(["Jonah 1", "Jonah 2"], stats["versification_gap_chapters"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(16 + 10, stats["pairs_dropped_in_versification_gaps"]!.GetValue<int>());
        Assert.Equal("Ruth 1:1", corpus.References["valid"][0]);
        Assert.StartsWith("Y aconteció en los días que gobernaban los jueces", corpus.Text.Valid[0].Source);
        Assert.StartsWith("In the days when the judges judged", corpus.Text.Valid[0].Target);
        var web = stats["cleaning"]!["engWEB2015eb"]!;
        var rv = stats["cleaning"]!["spaRV1909eb"]!;
        Assert.Equal(2427, web["repeated_titles_dropped"]!.GetValue<int>());
        Assert.Equal(124, rv["titles_cut_from_verse_1"]!.GetValue<int>());
        Assert.DoesNotContain(corpus.Text.Train, p => p.Source.Contains("<G") || p.Target.Contains('[') || p.Target.StartsWith("A Psalm by David"));
        Assert.Equal(600, corpus.TargetVocabulary.Count);

        var decodedExactly = 0;
        for (var i = 0; i < corpus.Text.Train.Count; i++)
        {
            var ids = corpus.Ids["train"].Target[i];
            Assert.NotEmpty(ids);
            if (corpus.TargetVocabulary.Decode(ids) == corpus.Text.Train[i].Target) decodedExactly++;
        }
        Assert.Equal(corpus.Text.Train.Count, decodedExactly);

        Assert.False(new BibleTranslationRecipe().Prepare(new DataCache(cache.Path), options).Built);
    }
}
