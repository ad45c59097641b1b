namespace Research.Core.Data.Bible;

/// <summary>A book of the 66-book Protestant canon: its OSIS code (which diatheke accepts as a key) and English name.</summary>
public sealed record BibleBook(string Osis, string Name)
{
    public static readonly IReadOnlyList<BibleBook> Canon =
    [
        new("Gen", "Genesis"), new("Exod", "Exodus"), new("Lev", "Leviticus"), new("Num", "Numbers"), new("Deut", "Deuteronomy"),
        new("Josh", "Joshua"), new("Judg", "Judges"), new("Ruth", "Ruth"), new("1Sam", "1 Samuel"), new("2Sam", "2 Samuel"),
        new("1Kgs", "1 Kings"), new("2Kgs", "2 Kings"), new("1Chr", "1 Chronicles"), new("2Chr", "2 Chronicles"), new("Ezra", "Ezra"),
        new("Neh", "Nehemiah"), new("Esth", "Esther"), new("Job", "Job"), new("Ps", "Psalms"), new("Prov", "Proverbs"),
        new("Eccl", "Ecclesiastes"), new("Song", "Song of Solomon"), new("Isa", "Isaiah"), new("Jer", "Jeremiah"), new("Lam", "Lamentations"),
        new("Ezek", "Ezekiel"), new("Dan", "Daniel"), new("Hos", "Hosea"), new("Joel", "Joel"), new("Amos", "Amos"),
        new("Obad", "Obadiah"), new("Jonah", "Jonah"), new("Mic", "Micah"), new("Nah", "Nahum"), new("Hab", "Habakkuk"),
        new("Zeph", "Zephaniah"), new("Hag", "Haggai"), new("Zech", "Zechariah"), new("Mal", "Malachi"),
        new("Matt", "Matthew"), new("Mark", "Mark"), new("Luke", "Luke"), new("John", "John"), new("Acts", "Acts"),
        new("Rom", "Romans"), new("1Cor", "1 Corinthians"), new("2Cor", "2 Corinthians"), new("Gal", "Galatians"), new("Eph", "Ephesians"),
        new("Phil", "Philippians"), new("Col", "Colossians"), new("1Thess", "1 Thessalonians"), new("2Thess", "2 Thessalonians"),
        new("1Tim", "1 Timothy"), new("2Tim", "2 Timothy"), new("Titus", "Titus"), new("Phlm", "Philemon"), new("Heb", "Hebrews"),
        new("Jas", "James"), new("1Pet", "1 Peter"), new("2Pet", "2 Peter"), new("1John", "1 John"), new("2John", "2 John"),
        new("3John", "3 John"), new("Jude", "Jude"), new("Rev", "Revelation"),
    ];

    public static BibleBook Find(string osis) =>
        Canon.FirstOrDefault(b => b.Osis == osis)
        ?? throw new ArgumentException($"unknown book '{osis}': expected an OSIS code such as Gen, Ps, Matt, 1John", nameof(osis));

    public bool IsPsalms => Osis == "Ps";
}

/// <summary>
/// A SWORD Bible module read through diatheke, with the quirks its plain-text output needs cleaned.
/// </summary>
public sealed record DiathekeModule(
    string Name,
    string Language,
    string Package,
    string? AppendixMarker,
    bool PsalmTitleInsideFirstVerse,
    bool CapitalisedChapterOpening,
    bool EmptySlotsShiftVerses)
{
    /// <summary>
    /// Reina-Valera 1909: psalm titles sit inside verse 1, chapters open with a capitalised word ("EN el principio"),
    /// and where it follows the Hebrew numbering it leaves a KJV verse slot empty and shifts the verses around it.
    /// </summary>
    public static readonly DiathekeModule SpanishRv1909 = new("spaRV1909eb", "es", "sword-text-sparv", null, true, true, true);

    /// <summary>
    /// World English Bible: psalm titles repeated before each verse, a glossary appended after Revelation 22:21; its
    /// empty slots are verses it omits on text-critical grounds (Luke 17:36, Acts 8:37), which shift nothing.
    /// </summary>
    public static readonly DiathekeModule EnglishWeb = new(
        "engWEB2015eb", "en", "sword-text-web", "The following words used in the World English Bible", false, false, false);

    public string ConfigPath => $"/usr/share/sword/mods.d/{Name}.conf";

    /// <summary>diatheke arguments for one whole book as plain text, footnotes kept in brackets so that removing them leaves no glued words.</summary>
    public IReadOnlyList<string> ExportArguments(BibleBook book) => ["-b", Name, "-f", "plain", "-o", "f", "-k", book.Osis];
}
