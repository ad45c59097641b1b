using Research.Core.Data.Text;

namespace Research.Core.Data.Formats;

/// <summary>
/// PTB / WikiText-style word-level corpora: a folder with <c>train.txt</c>, <c>valid.txt</c> and <c>test.txt</c>,
/// tokens separated by whitespace. As in PyTorch's word_language_model every line (blank ones included) ends with
/// <c>&lt;eos&gt;</c>; tokens already written as <c>&lt;unk&gt;</c> stay unknown.
/// </summary>
public static class TokenFileCorpus
{
    public static readonly string[] SplitFiles = ["train.txt", "valid.txt", "test.txt"];

    /// <summary>The tokens of one file, with <c>&lt;eos&gt;</c> after each line.</summary>
    public static List<string> ReadTokens(string path)
    {
        var tokens = new List<string>();
        foreach (var line in TextFile.ReadLines(path, "a whitespace-tokenised text file"))
        {
            tokens.AddRange(line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            tokens.Add(Vocabulary.EndOfSentence);
        }
        return tokens;
    }

    /// <summary>
    /// Reads the three splits. The vocabulary is the given one, or else built from the training split
    /// (the <paramref name="vocabularySize"/> most frequent words, or all of them).
    /// </summary>
    public static LanguageModelCorpus Read(string folder, int? vocabularySize = null, Vocabulary? vocabulary = null)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: expected a folder with {string.Join(", ", SplitFiles)} but it does not exist");
        var train = ReadTokens(Path.Combine(folder, "train.txt"));
        var valid = ReadTokens(Path.Combine(folder, "valid.txt"));
        var test = ReadTokens(Path.Combine(folder, "test.txt"));
        if (vocabulary is null) return LanguageModelCorpus.Build(train, valid, test, vocabularySize);
        return new LanguageModelCorpus(vocabulary, vocabulary.Encode(train), vocabulary.Encode(valid), vocabulary.Encode(test));
    }
}
