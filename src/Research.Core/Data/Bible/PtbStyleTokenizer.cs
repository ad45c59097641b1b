using System.Text;

namespace Research.Core.Data.Bible;

/// <summary>
/// Penn-Treebank-style word tokens for a verse (tying.md section 4): lower-case; split off the possessive <c>'s</c>
/// as its own token; digits become <c>N</c>; hyphens separate words; other punctuation is dropped. An apostrophe inside
/// or at the end of a word stays with it (<c>fathers'</c>); a lone apostrophe is dropped.
/// </summary>
public static class PtbStyleTokenizer
{
    public static List<string> Tokenize(string text)
    {
        var lowered = text.ToLowerInvariant();
        var spaced = new StringBuilder(lowered.Length + 8);
        for (var i = 0; i < lowered.Length; i++)
        {
            var c = lowered[i];
            if (c == '\'' && IsPossessive(lowered, i))
            {
                spaced.Append(" 's");
                i++;
            }
            else if (char.IsDigit(c)) spaced.Append('N');
            else if (char.IsLetter(c) || c == '\'') spaced.Append(c);
            else spaced.Append(' ');
        }
        var tokens = new List<string>();
        foreach (var token in spaced.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            if (token.Any(ch => ch != '\'')) tokens.Add(token);
        return tokens;
    }

    // 's followed by a non-letter (or the end): the possessive or a contraction, as PTB splits it.
    private static bool IsPossessive(string s, int i) =>
        i + 1 < s.Length && s[i + 1] == 's' && (i + 2 == s.Length || !char.IsLetterOrDigit(s[i + 2]));
}
