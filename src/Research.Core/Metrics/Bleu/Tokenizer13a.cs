using System.Text.RegularExpressions;

namespace Research.Core.Metrics.Bleu;

/// <summary>
/// The mteval-v13a tokenisation that sacreBLEU uses by default: unescape a few SGML entities, split off ASCII
/// punctuation and symbols, split periods and commas except inside numbers, split a dash after a digit.
/// Apostrophes, hyphens between letters and non-ASCII punctuation (such as curly quotes) are left in place.
/// </summary>
public static partial class Tokenizer13a
{
    // ASCII punctuation and symbols other than ' - . , (ranges { to ~, [ to `, space to &, ( to +, : to @, and /).
    [GeneratedRegex(@"([\{-\~\[-\` -\&\(-\+\:-\@\/])")]
    private static partial Regex Symbol();

    [GeneratedRegex(@"([^0-9])([\.,])")]
    private static partial Regex PeriodCommaAfterNonDigit();

    [GeneratedRegex(@"([\.,])([^0-9])")]
    private static partial Regex PeriodCommaBeforeNonDigit();

    [GeneratedRegex(@"([0-9])(-)")]
    private static partial Regex DashAfterDigit();

    public static string Tokenize(string line)
    {
        var text = line.Replace("<skipped>", "").Replace("-\n", "").Replace("\n", " ");
        if (text.Contains('&'))
            text = text.Replace("&quot;", "\"").Replace("&amp;", "&").Replace("&lt;", "<").Replace("&gt;", ">");
        text = $" {text} ";
        text = Symbol().Replace(text, " $1 ");
        text = PeriodCommaAfterNonDigit().Replace(text, "$1 $2 ");
        text = PeriodCommaBeforeNonDigit().Replace(text, " $1 $2");
        text = DashAfterDigit().Replace(text, "$1 $2 ");
        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
