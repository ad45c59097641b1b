namespace Research.Core.Data.Formats;

/// <summary>One aligned sentence pair.</summary>
public sealed record SentencePair(string Source, string Target);

/// <summary>The three splits of a parallel corpus.</summary>
public sealed record ParallelSplits(IReadOnlyList<SentencePair> Train, IReadOnlyList<SentencePair> Valid, IReadOnlyList<SentencePair> Test)
{
    public IReadOnlyList<SentencePair> Split(string name) => name switch
    {
        "train" => Train,
        "valid" => Valid,
        "test" => Test,
        _ => throw new ArgumentException($"split '{name}': expected train, valid or test", nameof(name)),
    };
}

/// <summary>
/// Parallel text as line-aligned file pairs: line i of the source file translates line i of the target file.
/// A folder holds <c>{train,valid,test}.{src}</c> and <c>{train,valid,test}.{tgt}</c> (e.g. <c>train.es</c>, <c>train.en</c>).
/// </summary>
public static class ParallelText
{
    public static IReadOnlyList<SentencePair> Read(string sourcePath, string targetPath)
    {
        var source = TextFile.ReadLines(sourcePath, "one source sentence a line");
        var target = TextFile.ReadLines(targetPath, "one target sentence a line");
        if (source.Length != target.Length)
            throw new InvalidDataException(
                $"{targetPath}: expected {source.Length} lines, one per line of {sourcePath}, but found {target.Length}");
        var pairs = new SentencePair[source.Length];
        for (var i = 0; i < pairs.Length; i++) pairs[i] = new SentencePair(source[i].Trim(), target[i].Trim());
        return pairs;
    }

    public static ParallelSplits ReadFolder(string folder, string sourceLanguage, string targetLanguage)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"{folder}: expected a folder with train/valid/test.{sourceLanguage} and .{targetLanguage} but it does not exist");
        IReadOnlyList<SentencePair> Split(string name) =>
            Read(Path.Combine(folder, $"{name}.{sourceLanguage}"), Path.Combine(folder, $"{name}.{targetLanguage}"));
        return new ParallelSplits(Split("train"), Split("valid"), Split("test"));
    }

    /// <summary>Writes the pair as two line-aligned files; a newline inside a sentence is an error, since it would break the alignment.</summary>
    public static void Write(string sourcePath, string targetPath, IReadOnlyList<SentencePair> pairs)
    {
        foreach (var (p, i) in pairs.Select((p, i) => (p, i)))
            if (p.Source.Contains('\n') || p.Target.Contains('\n'))
                throw new ArgumentException($"pairs[{i}] contains a newline: expected one sentence a line", nameof(pairs));
        File.WriteAllLines(sourcePath, pairs.Select(p => p.Source));
        File.WriteAllLines(targetPath, pairs.Select(p => p.Target));
    }
}
