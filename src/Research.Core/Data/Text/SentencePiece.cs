using System.Globalization;
using Research.Core.Data.Cache;
using Research.Core.Data.Formats;

namespace Research.Core.Data.Text;

/// <summary>
/// Subword vocabularies with Debian's <c>sentencepiece</c> command-line tools (<c>spm_train</c>, <c>spm_encode</c>).
/// Ids: 0 = &lt;pad&gt;, 1 = &lt;unk&gt;, 2 = &lt;s&gt;, 3 = &lt;/s&gt;, then the pieces.
/// </summary>
public static class SentencePiece
{
    public const int PadId = 0;
    public const int UnknownId = 1;
    public const int BeginId = 2;
    public const int EndId = 3;

    public static readonly DebianPackage Package = new("sentencepiece", "/usr/bin/spm_train");

    /// <summary>
    /// Trains a unigram model <c>{name}.model</c> / <c>{name}.vocab</c> in <paramref name="folder"/> on the given files
    /// (relative to the folder). One thread and a fixed seed make the model byte-identical from run to run; the
    /// relative model prefix keeps the folder's path out of the model file.
    /// </summary>
    public static void Train(string folder, string name, IReadOnlyList<string> inputFiles, int vocabularySize)
    {
        ExternalCommand.Run("spm_train",
        [
            $"--input={string.Join(',', inputFiles)}",
            $"--model_prefix={name}",
            $"--vocab_size={vocabularySize.ToString(CultureInfo.InvariantCulture)}",
            "--model_type=unigram",
            "--character_coverage=1.0",
            $"--pad_id={PadId}", $"--unk_id={UnknownId}", $"--bos_id={BeginId}", $"--eos_id={EndId}",
            "--num_threads=1",
            "--random_seed=1",
            // A small slice may not support the requested size; the manifest reports the size reached.
            "--hard_vocab_limit=false",
            "--minloglevel=2",
        ], workingDirectory: folder);
    }

    /// <summary>Encodes sentences (one per element, no newlines) to piece ids with <c>spm_encode</c>.</summary>
    public static int[][] Encode(string modelPath, IReadOnlyList<string> sentences)
    {
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"{modelPath}: expected a sentencepiece model but it does not exist", modelPath);
        var bad = sentences.ToList().FindIndex(s => s.Contains('\n'));
        if (bad >= 0) throw new ArgumentException($"sentences[{bad}] contains a newline: expected one sentence per element", nameof(sentences));
        var output = ExternalCommand.Run("spm_encode", [$"--model={modelPath}", "--output_format=id"],
            stdin: string.Concat(sentences.Select(s => s + "\n")));
        var lines = output.Split('\n');
        if (lines.Length != sentences.Count + 1)
            throw new InvalidDataException($"spm_encode --model={modelPath}: expected {sentences.Count} output lines but found {lines.Length - 1}");
        return lines[..^1].Select(ParseIds).ToArray();
    }

    public static int[] ParseIds(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Writes one line of space-separated ids per sentence.</summary>
    public static void WriteIds(string path, IEnumerable<int[]> ids) =>
        File.WriteAllLines(path, ids.Select(s => string.Join(' ', s)));

    public static int[][] ReadIds(string path) =>
        TextFile.ReadLines(path, "one line of space-separated piece ids per sentence").Select(ParseIds).ToArray();
}

/// <summary>The pieces of a sentencepiece model, read from its <c>.vocab</c> file, for decoding ids back to text.</summary>
public sealed class SentencePieceVocabulary
{
    private const char WordBoundary = '\u2581';
    private readonly string[] pieces;

    public IReadOnlyList<string> Pieces => pieces;
    public int Count => pieces.Length;

    public SentencePieceVocabulary(IReadOnlyList<string> pieces) => this.pieces = pieces.ToArray();

    public static SentencePieceVocabulary Load(string vocabPath)
    {
        var lines = TextFile.ReadLines(vocabPath, "a sentencepiece .vocab file (piece<TAB>score a line)");
        var pieces = new string[lines.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            var tab = lines[i].IndexOf('\t');
            if (tab <= 0) throw new InvalidDataException($"{vocabPath}: line {i + 1}: expected 'piece<TAB>score' but found '{lines[i]}'");
            pieces[i] = lines[i][..tab];
        }
        return new SentencePieceVocabulary(pieces);
    }

    /// <summary>Joins the pieces, turning ▁ into spaces; pad, &lt;s&gt; and &lt;/s&gt; are skipped and &lt;unk&gt; prints as " ⁇ ", as spm_decode does.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        var text = new System.Text.StringBuilder();
        foreach (var id in ids)
        {
            if (id < 0 || id >= pieces.Length) throw new ArgumentOutOfRangeException(nameof(ids), $"piece id {id} is outside [0, {pieces.Length - 1}]");
            if (id is SentencePiece.PadId or SentencePiece.BeginId or SentencePiece.EndId) continue;
            text.Append(id == SentencePiece.UnknownId ? " \u2047 " : pieces[id]);
        }
        return text.Replace(WordBoundary, ' ').ToString().Trim();
    }
}
