using System.Text.RegularExpressions;

namespace Research.Core.Data.Bible;

/// <summary>One verse as printed by <c>bible -f</c>: <c>Ge1:1 In the beginning ...</c>.</summary>
public sealed record KjvVerse(string Book, int Chapter, int Verse, string Text);

/// <summary>
/// The King James text of Debian's <c>bible-kjv</c>, exported with <c>bible -f gen1:1-rev22:21</c>, and its book codes
/// (the prefix before the chapter number: Ge, Exo, ..., 1Sm, ..., Rev).
/// </summary>
public static partial class KjvText
{
    public static readonly string[] ExportArguments = ["-f", "gen1:1-rev22:21"];

    /// <summary>The 66 book codes in canonical order, as the <c>bible</c> program prints them.</summary>
    public static readonly string[] Books =
    [
        "Ge", "Exo", "Lev", "Num", "Deu", "Josh", "Jdgs", "Ruth", "1Sm", "2Sm", "1Ki", "2Ki", "1Chr", "2Chr", "Ezra", "Neh", "Est",
        "Job", "Psa", "Prv", "Eccl", "SSol", "Isa", "Jer", "Lam", "Eze", "Dan", "Hos", "Joel", "Amos", "Obad", "Jonah", "Mic",
        "Nahum", "Hab", "Zep", "Hag", "Zec", "Mal",
        "Mat", "Mark", "Luke", "John", "Acts", "Rom", "1Cor", "2Cor", "Gal", "Eph", "Phi", "Col", "1Th", "2Th", "1Tim", "2Tim",
        "Titus", "Phmn", "Heb", "Jas", "1Pet", "2Pet", "1Jn", "2Jn", "3Jn", "Jude", "Rev",
    ];

    public const int VerseCount = 31102;

    [GeneratedRegex(@"^([1-3]?[A-Za-z]+)(\d+):(\d+) (.*)$")]
    private static partial Regex VerseLine();

    /// <summary>Parses one exported line; <paramref name="lineNumber"/> is only for the error message.</summary>
    public static KjvVerse ParseLine(string line, int lineNumber)
    {
        var m = VerseLine().Match(line);
        if (!m.Success)
            throw new InvalidDataException($"bible output line {lineNumber}: expected 'BookC:V text' (e.g. 'Ge1:1 In the beginning') but found '{Shorten(line)}'");
        return new KjvVerse(m.Groups[1].Value, int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value), m.Groups[4].Value);
    }

    /// <summary>Parses the whole export; every line must be a verse of a known book.</summary>
    public static List<KjvVerse> Parse(string export)
    {
        var verses = new List<KjvVerse>(VerseCount);
        var known = Books.ToHashSet(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in export.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            var verse = ParseLine(line, lineNumber);
            if (!known.Contains(verse.Book))
                throw new InvalidDataException($"bible output line {lineNumber}: book code '{verse.Book}' is not one of the 66 KJV codes (Ge ... Rev)");
            verses.Add(verse);
        }
        return verses;
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..80] + "...";
}
