using System.Text.RegularExpressions;

namespace Research.Core.Data.Bible;

/// <summary>One verse of a book as exported, before cleaning.</summary>
public sealed record ExportedVerse(int Chapter, int Verse, string Text);

/// <summary>The verses of a book and what the parser did to get them.</summary>
public sealed record ExportedBook(IReadOnlyList<ExportedVerse> Verses, int TitlesDropped, int ContinuationLines, int LinesBeforeFirstVerse, bool AppendixCut);

/// <summary>
/// Parses diatheke's <c>-f plain</c> output for one book. A verse starts with a line <c>Book C:V: text</c>; poetry
/// continues on the following lines until a blank line; text after a blank line that is not followed by a header
/// still belongs to the verse before. Lines after a blank line and right before a header are either psalm titles,
/// which the WEB repeats before every verse of a psalm (dropped), or the tail of the previous verse (joined).
/// </summary>
public static partial class DiathekePlainText
{
    [GeneratedRegex(@"^\s*((?:[1-3]|I{1,3}) )?([A-Z][A-Za-z]*(?: [A-Za-z]+)*) (\d+):(\d+):(?: (.*))?$")]
    private static partial Regex Header();

    private sealed class Draft(int chapter, int verse, string first)
    {
        public int Chapter { get; } = chapter;
        public int Verse { get; } = verse;
        public List<string> Lines { get; } = [first];
        public string? Lead { get; set; }
        public List<string> LeadLines { get; } = [];
    }

    public static ExportedBook Parse(string output, DiathekeModule module, BibleBook book)
    {
        var lines = output.Replace("\r", "").Split('\n').ToList();
        var moduleLine = $"({module.Name})";
        lines.RemoveAll(l => l.Trim() == moduleLine);
        var appendixCut = false;
        if (module.AppendixMarker is { } marker)
        {
            var at = lines.FindIndex(l => l.Contains(marker, StringComparison.Ordinal));
            if (at >= 0)
            {
                lines.RemoveRange(at, lines.Count - at);
                appendixCut = true;
            }
        }

        var drafts = new List<Draft>();
        var pending = new List<string>();   // lines since the last blank line, before any header
        string? printedName = null;
        var continuation = 0;
        var beforeFirst = 0;
        var inVerse = false;                // a header has been seen since the last blank line
        foreach (var line in lines)
        {
            if (line.Trim().Length == 0)
            {
                FlushOrphans();
                inVerse = false;
                continue;
            }
            var m = Header().Match(line);
            if (m.Success)
            {
                var name = m.Groups[1].Value + m.Groups[2].Value;
                printedName ??= name;
                if (name != printedName)
                    throw new InvalidDataException($"diatheke {module.Name} {book.Osis}: expected every verse header to name '{printedName}' but found '{name}' in '{line.Trim()}'");
                var draft = new Draft(int.Parse(m.Groups[3].Value), int.Parse(m.Groups[4].Value), m.Groups[5].Value);
                if (pending.Count > 0)
                {
                    draft.LeadLines.AddRange(pending);
                    draft.Lead = VerseCleaning.Clean(string.Join(' ', pending));
                    pending.Clear();
                }
                drafts.Add(draft);
                inVerse = true;
            }
            else if (inVerse)
            {
                drafts[^1].Lines.Add(line);
                continuation++;
            }
            else pending.Add(line);
        }
        FlushOrphans();

        // Lines after a blank line but not before a header: the tail of the verse before.
        void FlushOrphans()
        {
            if (pending.Count == 0) return;
            if (drafts.Count > 0)
            {
                drafts[^1].Lines.AddRange(pending);
                continuation += pending.Count;
            }
            else beforeFirst += pending.Count;
            pending.Clear();
        }

        var titles = 0;
        for (var i = 0; i < drafts.Count; i++)
        {
            var lead = drafts[i].Lead;
            if (lead is null) continue;
            var repeated = (i > 0 && drafts[i - 1].Lead == lead) || (i + 1 < drafts.Count && drafts[i + 1].Lead == lead);
            if (book.IsPsalms && repeated) titles++;
            else if (i == 0) beforeFirst += drafts[i].LeadLines.Count;
            else
            {
                drafts[i - 1].Lines.AddRange(drafts[i].LeadLines);
                continuation += drafts[i].LeadLines.Count;
            }
        }

        var verses = new List<ExportedVerse>(drafts.Count);
        var seen = new HashSet<(int, int)>();
        foreach (var d in drafts)
        {
            if (!seen.Add((d.Chapter, d.Verse)))
                throw new InvalidDataException($"diatheke {module.Name} {book.Osis}: verse {d.Chapter}:{d.Verse} appears twice: expected each verse once");
            verses.Add(new ExportedVerse(d.Chapter, d.Verse, string.Join(' ', d.Lines.Select(l => l.Trim()))));
        }
        return new ExportedBook(verses, titles, continuation, beforeFirst, appendixCut);
    }
}
