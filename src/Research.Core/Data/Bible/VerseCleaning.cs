using System.Text;
using System.Text.RegularExpressions;

namespace Research.Core.Data.Bible;

/// <summary>Cleans the plain text diatheke prints for a verse: footnotes, Strong's tags, psalm titles, spacing.</summary>
public static partial class VerseCleaning
{
    [GeneratedRegex(@"<[GH]\d+>")]
    private static partial Regex StrongsTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    // A word of two or more capitals: how RV1909 opens a chapter ("EN el principio", "¡OH Jehová").
    [GeneratedRegex(@"\b\p{Lu}{2,}\b")]
    private static partial Regex CapitalisedWord();

    /// <summary>Removes bracketed footnotes, nested ones included: <c>lots, [27:35 TR adds "..." [see Psalm 22:18]]</c>.</summary>
    public static string RemoveFootnotes(string text)
    {
        var result = new StringBuilder(text.Length);
        var depth = 0;
        foreach (var c in text)
        {
            if (c == '[') depth++;
            else if (c == ']' && depth > 0) depth--;
            else if (depth == 0) result.Append(c);
        }
        return result.ToString();
    }

    /// <summary>Removes Strong's number tags such as <c>&lt;G5547&gt;</c> and <c>&lt;H8066&gt;</c>.</summary>
    public static string RemoveStrongsTags(string text) => StrongsTag().Replace(text, " ");

    public static string CollapseWhitespace(string text) => Whitespace().Replace(text, " ").Trim();

    /// <summary>Footnotes and Strong's tags removed, whitespace collapsed.</summary>
    public static string Clean(string text) => CollapseWhitespace(RemoveStrongsTags(RemoveFootnotes(text)));

    /// <summary>
    /// RV1909 prints a psalm's title inside verse 1, before the capitalised opening word
    /// ("Salmo de David, cuando huía de delante de Absalom su hijo. ¡OH Jehová, ..."): keep only what follows it.
    /// </summary>
    public static string StripLeadingTitle(string firstVerse)
    {
        var opening = CapitalisedWord().Match(firstVerse);
        if (!opening.Success || opening.Index == 0) return firstVerse;
        var start = opening.Index;
        // Keep opening punctuation glued to the word, such as the ¡ of "¡OH".
        while (start > 0 && !char.IsWhiteSpace(firstVerse[start - 1])) start--;
        return firstVerse[start..].TrimStart();
    }

    /// <summary>
    /// Re-cases the capitalised word that opens a chapter (the verse's first or second word). As the first word it
    /// becomes "En" ("EN el principio"); as the second it takes whichever of "los" / "Los" the rest of the text uses
    /// more often, so "Y LOS hijos" becomes "Y los hijos" but "Y SALOMÓN hizo" becomes "Y Salomón hizo".
    /// </summary>
    public static string RecaseOpening(string firstVerse, IReadOnlyDictionary<string, int> wordCounts)
    {
        var opening = CapitalisedWord().Match(firstVerse);
        if (!opening.Success) return firstVerse;
        var wordsBefore = firstVerse[..opening.Index].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (wordsBefore > 1) return firstVerse;
        var word = opening.Value;
        var capitalised = word[..1] + word[1..].ToLowerInvariant();
        var lower = word.ToLowerInvariant();
        var cased = wordsBefore == 1 && wordCounts.GetValueOrDefault(lower) > wordCounts.GetValueOrDefault(capitalised) ? lower : capitalised;
        return string.Concat(firstVerse.AsSpan(0, opening.Index), cased, firstVerse.AsSpan(opening.Index + word.Length));
    }

    /// <summary>How often each word form (case kept) occurs in the texts, for <see cref="RecaseOpening"/>.</summary>
    public static Dictionary<string, int> CountWordForms(IEnumerable<string> texts)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
            foreach (Match m in WordForm().Matches(text))
                counts[m.Value] = counts.GetValueOrDefault(m.Value) + 1;
        return counts;
    }

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex WordForm();
}
