namespace Research.Core.Data.Text;

/// <summary>
/// Word ids for a language model: <c>&lt;unk&gt;</c> is id 0, then the most frequent training words (ties broken by
/// first occurrence, so the ids are reproducible). Words outside the vocabulary map to <c>&lt;unk&gt;</c>.
/// </summary>
public sealed class Vocabulary
{
    public const string Unknown = "<unk>";
    public const string EndOfSentence = "<eos>";

    private readonly string[] words;
    private readonly Dictionary<string, int> ids;

    public IReadOnlyList<string> Words => words;
    public int Count => words.Length;
    public int UnknownId => 0;

    private Vocabulary(string[] words)
    {
        this.words = words;
        ids = new Dictionary<string, int>(words.Length, StringComparer.Ordinal);
        for (var i = 0; i < words.Length; i++)
            if (!ids.TryAdd(words[i], i))
                throw new ArgumentException($"the word '{words[i]}' appears twice (ids {ids[words[i]]} and {i}): expected unique words", nameof(words));
    }

    /// <summary>A vocabulary from its word list, as saved; the first word must be <c>&lt;unk&gt;</c>.</summary>
    public static Vocabulary FromWords(IEnumerable<string> words)
    {
        var list = words.ToArray();
        if (list.Length == 0 || list[0] != Unknown)
            throw new ArgumentException($"a vocabulary's first word must be {Unknown} but found '{(list.Length == 0 ? "(empty list)" : list[0])}'", nameof(words));
        return new Vocabulary(list);
    }

    /// <summary>
    /// The <paramref name="size"/> - 1 most frequent training words plus <c>&lt;unk&gt;</c> (null size keeps every word).
    /// Words of equal count rank by first occurrence, the order PyTorch's word_language_model assigns ids in.
    /// </summary>
    public static Vocabulary FromTraining(IReadOnlyList<string> tokens, int? size = null)
    {
        if (size is < 2) throw new ArgumentOutOfRangeException(nameof(size), $"size must be at least 2 (<unk> and one word), got {size}");
        var counts = new Dictionary<string, (long Count, int First)>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
            counts[tokens[i]] = counts.TryGetValue(tokens[i], out var c) ? (c.Count + 1, c.First) : (1, i);
        var ranked = counts.Where(kv => kv.Key != Unknown)
            .OrderByDescending(kv => kv.Value.Count).ThenBy(kv => kv.Value.First)
            .Select(kv => kv.Key);
        if (size is { } k) ranked = ranked.Take(k - 1);
        return new Vocabulary([Unknown, .. ranked]);
    }

    /// <summary>How many distinct tokens a corpus has.</summary>
    public static int CountTypes(IEnumerable<string> tokens) => tokens.ToHashSet(StringComparer.Ordinal).Count;

    public bool Contains(string word) => ids.ContainsKey(word);

    public int IdOf(string word) => ids.TryGetValue(word, out var id) ? id : UnknownId;

    public string WordOf(int id) =>
        id >= 0 && id < words.Length ? words[id] : throw new ArgumentOutOfRangeException(nameof(id), $"id {id} is outside the vocabulary [0, {words.Length - 1}]");

    public int[] Encode(IReadOnlyList<string> tokens)
    {
        var result = new int[tokens.Count];
        for (var i = 0; i < result.Length; i++) result[i] = IdOf(tokens[i]);
        return result;
    }

    public string Decode(IEnumerable<int> tokenIds) => string.Join(' ', tokenIds.Select(WordOf));

    public void Save(string path) => File.WriteAllLines(path, words);

    public static Vocabulary Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: expected a vocabulary file (one word a line) but it does not exist", path);
        return FromWords(File.ReadLines(path));
    }
}
