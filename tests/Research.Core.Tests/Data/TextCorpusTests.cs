using System.Text;
using Research.Core.Data.Formats;
using Research.Core.Data.Text;
using TorchSharp;

namespace Research.Core.Tests.Data;

public sealed class TextCorpusTests
{
    [Fact]
    public void Vocabulary_keeps_the_top_words_with_unk_first_and_ties_by_first_occurrence()
    {
        var tokens = "b a c a b d a e".Split(' ');
        var vocabulary = Vocabulary.FromTraining(tokens, 4);
        Assert.Equal(["<unk>", "a", "b", "c"], vocabulary.Words);
        Assert.Equal([1, 2, 0, 0], vocabulary.Encode(["a", "b", "d", "zzz"]));
        Assert.Equal("a b <unk>", vocabulary.Decode([1, 2, 0]));
        Assert.Equal(6, Vocabulary.FromTraining(tokens).Count);
    }

    [Fact]
    public void Vocabulary_round_trips_through_its_file_and_rejects_a_file_without_unk_first()
    {
        using var folder = new TempFolder();
        var vocabulary = Vocabulary.FromTraining("x y y z".Split(' '));
        vocabulary.Save(folder.File("vocab.txt"));
        Assert.Equal(vocabulary.Words, Vocabulary.Load(folder.File("vocab.txt")).Words);
        File.WriteAllLines(folder.File("bad.txt"), ["x", "<unk>"]);
        Assert.Contains("first word must be <unk> but found 'x'", Assert.Throws<ArgumentException>(() => Vocabulary.Load(folder.File("bad.txt"))).Message);
    }

    [Fact]
    public void Token_files_end_every_line_with_eos_and_map_unseen_words_to_unk()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("train.txt"), " the cat sat \n\nthe <unk> dog\n");
        File.WriteAllText(folder.File("valid.txt"), "the bird\n");
        File.WriteAllText(folder.File("test.txt"), "cat");
        Assert.Equal(["the", "cat", "sat", "<eos>", "<eos>", "the", "<unk>", "dog", "<eos>"], TokenFileCorpus.ReadTokens(folder.File("train.txt")));
        var corpus = TokenFileCorpus.Read(folder.Path);
        Assert.Equal(["<unk>", "<eos>", "the", "cat", "sat", "dog"], corpus.Vocabulary.Words);
        Assert.Equal([2, 0, 1], corpus.Valid);
        Assert.Equal([3, 1], corpus.Test);
        Assert.Equal(1.0 / 9, corpus.UnknownRate("train"), 12);
        Assert.Equal(1.0 / 3, corpus.UnknownRate("valid"), 12);
    }

    public static TheoryData<string, byte[], string> BadTokenFiles() => new()
    {
        { "invalid utf-8", [0x61, 0x20, 0xC3, 0x28, 0x0A], "expected a whitespace-tokenised text file (UTF-8 text) but found invalid UTF-8 at byte 2" },
        { "binary", [0x61, 0x00, 0x62], "(UTF-8 text) but found a NUL byte at offset 1 (binary data?)" },
    };

    [Theory]
    [MemberData(nameof(BadTokenFiles))]
    public void Corrupt_token_files_are_named(string why, byte[] content, string message)
    {
        using var folder = new TempFolder();
        var path = folder.File(why.Replace(' ', '-') + ".txt");
        File.WriteAllBytes(path, content);
        var e = Assert.Throws<InvalidDataException>(() => TokenFileCorpus.ReadTokens(path));
        Assert.StartsWith(path + ":", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Missing_split_file_is_named()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("train.txt"), "a b\n");
        var e = Assert.Throws<FileNotFoundException>(() => TokenFileCorpus.Read(folder.Path));
        Assert.Contains("valid.txt: expected a whitespace-tokenised text file but the file does not exist", e.Message);
    }

    [Fact]
    public void Parallel_text_pairs_lines_and_rejects_unequal_line_counts()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("train.es"), "hola mundo\r\nadiós\n", new UTF8Encoding(true));
        File.WriteAllText(folder.File("train.en"), "hello world\ngoodbye\n");
        File.WriteAllText(folder.File("valid.es"), "uno\n");
        File.WriteAllText(folder.File("valid.en"), "one\n");
        File.WriteAllText(folder.File("test.es"), "dos\ntres\n");
        File.WriteAllText(folder.File("test.en"), "two\n");
        Assert.Equal([new SentencePair("hola mundo", "hello world"), new SentencePair("adiós", "goodbye")],
            ParallelText.Read(folder.File("train.es"), folder.File("train.en")));
        var e = Assert.Throws<InvalidDataException>(() => ParallelText.ReadFolder(folder.Path, "es", "en"));
        Assert.Contains($"{folder.File("test.en")}: expected 2 lines, one per line of {folder.File("test.es")}, but found 1", e.Message);
    }

    [Fact]
    public void Batchify_cuts_the_stream_into_contiguous_rows_and_drops_the_remainder()
    {
        using var streams = BpttBatches.Batchify(Enumerable.Range(0, 11).ToArray(), 3);
        Assert.Equal(new long[] { 3, 3 }, streams.shape);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4, 5, 6, 7, 8 }, streams.data<long>().ToArray());
        Assert.Throws<ArgumentException>(() => BpttBatches.Batchify([1, 2, 3], 2));
    }

    [Fact]
    public void Bptt_windows_shift_the_target_by_one_and_shorten_the_last_window()
    {
        using var scope = torch.NewDisposeScope();
        var streams = BpttBatches.Batchify(Enumerable.Range(0, 20).ToArray(), 2);   // rows 0..9 and 10..19
        var windows = BpttBatches.Windows(streams, 4).ToList();
        Assert.Equal(BpttBatches.WindowCount(10, 4), windows.Count);
        Assert.Equal([4L, 4L, 1L], windows.Select(w => w.Input.shape[1]));
        Assert.Equal(new long[] { 0, 1, 2, 3, 10, 11, 12, 13 }, windows[0].Input.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 2, 3, 4, 11, 12, 13, 14 }, windows[0].Target.data<long>().ToArray());
        Assert.Equal(new long[] { 8, 18 }, windows[2].Input.data<long>().ToArray());
        Assert.Equal(new long[] { 9, 19 }, windows[2].Target.data<long>().ToArray());
    }
}
