namespace Research.Core.Data.Text;

/// <summary>
/// A word-level language-model corpus: token ids of the train, validation and test splits (one <c>&lt;eos&gt;</c>
/// after every line, as PTB and WikiText are used) and the vocabulary they are encoded with.
/// </summary>
public sealed record LanguageModelCorpus(Vocabulary Vocabulary, int[] Train, int[] Valid, int[] Test)
{
    /// <summary>Fraction of a split's tokens that are <c>&lt;unk&gt;</c>.</summary>
    public static double UnknownRate(int[] ids, Vocabulary vocabulary) =>
        ids.Length == 0 ? 0 : (double)ids.Count(id => id == vocabulary.UnknownId) / ids.Length;

    public double UnknownRate(string split) => UnknownRate(Split(split), Vocabulary);

    public int[] Split(string name) => name switch
    {
        "train" => Train,
        "valid" => Valid,
        "test" => Test,
        _ => throw new ArgumentException($"split '{name}': expected train, valid or test", nameof(name)),
    };

    /// <summary>Encodes tokenised splits with a vocabulary of the <paramref name="vocabularySize"/> most frequent training words (null: all).</summary>
    public static LanguageModelCorpus Build(IReadOnlyList<string> train, IReadOnlyList<string> valid, IReadOnlyList<string> test, int? vocabularySize)
    {
        var vocabulary = Vocabulary.FromTraining(train, vocabularySize);
        return new LanguageModelCorpus(vocabulary, vocabulary.Encode(train), vocabulary.Encode(valid), vocabulary.Encode(test));
    }
}
