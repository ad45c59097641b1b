using System.Text.Json;
using Research.Core.Metrics;
using Research.Core.Metrics.Bleu;
using Research.Core.Tests.Checkpoints;
using Research.Core.Tests.Data;

namespace Research.Core.Tests.Metrics;

/// <summary>chrF (sacreBLEU's definition) on hand-worked cases, published sacreBLEU values and nltk; the paired bootstrap.</summary>
public sealed class ChrfTests
{
    [Fact]
    public void Hand_worked_cases()
    {
        Assert.Equal(100.0, CorpusChrf.Score(["the cat sat"], ["the cat sat"]).Score, 12);
        Assert.Equal(100.0, CorpusChrf.Score(["the cat  sat"], ["thecat sat"]).Score, 12);    // whitespace is not counted
        Assert.Equal(0.0, CorpusChrf.Score(["xyz"], ["abc"]).Score, 12);
        // "ab" against "abc": order 1 P = 2/2, R = 2/3; order 2 P = 1/1, R = 1/2; orders 3-6 have no hypothesis n-grams
        // and do not count. Mean P = 1, mean R = 7/12; F₂ = 5·(7/12) / (4 + 7/12) = 7/11.
        var score = CorpusChrf.Score(["ab"], ["abc"]);
        Assert.Equal(2, score.EffectiveOrder);
        Assert.Equal(100.0 * 7 / 11, score.Score, 12);
        // Counts are clipped: "aaa" against "a" matches one unigram of three (P = 1/3, R = 1); no bigram in the reference.
        Assert.Equal(100.0 * 5 * (1.0 / 3) / (4.0 / 3 + 1), CorpusChrf.Score(["aaa"], ["a"]).Score, 12);
        // Corpus statistics are summed before averaging: two segments are not the mean of their scores.
        var corpus = CorpusChrf.Score(["ab", "abcd"], ["abc", "abcd"]);
        var statistics = CorpusChrf.Statistics("ab", "abc").Zip(CorpusChrf.Statistics("abcd", "abcd"), (x, y) => x + y).ToArray();
        Assert.Equal(CorpusChrf.FromStatistics(statistics).Score, corpus.Score, 12);
        Assert.NotEqual((100.0 * 7 / 11 + 100) / 2, corpus.Score, 6);
    }

    [Fact]
    public void Matches_sacrebleus_published_values()
    {
        // The Hugging Face chrF metric card (huggingface/datasets metrics/chrf/README.md) prints these sacreBLEU 2.x
        // results with the defaults (char_order 6, word_order 0, beta 2).
        Assert.Equal(61.576379378113785, CorpusChrf.Score(
            ["The relationship between Obama and Netanyahu is not exactly friendly."],
            ["The ties between Obama and Netanyahu are not particularly friendly."]).Score, 9);
        Assert.Equal(84.64214891738334, CorpusChrf.Score(
            ["The relationship between cats and dogs is not exactly friendly.", "a good bookshop is just a genteel black hole that knows how to read."],
            ["The relationship between dogs and cats is not exactly friendly.", "A good bookshop is just a genteel Black Hole that knows how to read."]).Score, 9);
    }

    [Fact]
    public void Each_order_on_one_segment_matches_nltk()
    {
        // nltk's corpus_chrf averages per-sentence, per-order F-scores; sacreBLEU (and this class) takes the F of the
        // averaged corpus precision and recall. The two agree for one segment and one order, which is compared here.
        string[][] pairs =
        [
            ["It is a guide to action which ensures that the military always obeys the commands of the party", "It is a guide to action that ensures that the military will forever heed Party commands"],
            ["and God said, Let there be light", "And God said, \"Let there be light,\" and there was light."],
            ["the the the the the the the", "the cat is on the mat"],
            ["Él dijo: ¿quién es?", "Él preguntó: ¿quién eres tú?"],
        ];
        using var folder = new TempFolder();
        var path = folder.File("pairs.json");
        File.WriteAllText(path, JsonSerializer.Serialize(pairs));
        var peer = PythonPeer.Run("Labo/chrf_peer.py", path).GetProperty("scores").EnumerateArray().ToArray();
        for (var p = 0; p < pairs.Length; p++)
        {
            var statistics = CorpusChrf.Statistics(pairs[p][0], pairs[p][1]);
            var nltk = peer[p].EnumerateArray().Select(e => e.GetDouble()).ToArray();
            for (var n = 1; n <= 6; n++)
                Assert.Equal(100 * nltk[n - 1], CorpusChrf.FromStatistics(statistics[(3 * (n - 1))..(3 * n)]).Score, 9);
        }
    }

    [Fact]
    public void Bad_inputs_are_named()
    {
        Assert.Contains("references has 1 segments but hypotheses has 2", Assert.Throws<ArgumentException>(() => CorpusChrf.Score(["a", "b"], ["a"])).Message);
        Assert.Contains("expected 3 per order", Assert.Throws<ArgumentException>(() => CorpusChrf.FromStatistics([1, 2])).Message);
    }

    [Fact]
    public void Paired_bootstrap_finds_a_clear_winner_and_no_difference_between_equal_systems()
    {
        var random = new Random(1);
        string[] words = ["the", "lord", "said", "unto", "moses", "and", "his", "people", "went", "out", "of", "land"];
        var references = Enumerable.Range(0, 120).Select(_ => string.Join(' ', Enumerable.Range(0, 8).Select(_ => words[random.Next(words.Length)]))).ToArray();
        // The system gets most segments right; the baseline drops half the words of every segment.
        var system = references.Select((r, i) => i % 5 == 0 ? string.Join(' ', r.Split(' ').Reverse()) : r).ToArray();
        var baseline = references.Select(r => string.Join(' ', r.Split(' ').Where((_, j) => j % 2 == 0))).ToArray();
        var result = PairedBootstrap.Compare(baseline, system, references, resamples: 1000, seed: 7);
        Assert.Equal(CorpusBleu.Score(system, references).Score - CorpusBleu.Score(baseline, references).Score, result.Difference, 9);
        Assert.Equal(0.0, result.PValue);
        Assert.True(result.Lower > 0 && result.Lower <= result.Difference && result.Difference <= result.Upper, result.ToString());
        Assert.Equal(result, PairedBootstrap.Compare(baseline, system, references, resamples: 1000, seed: 7));   // seeded

        var same = PairedBootstrap.Compare(system, system, references, resamples: 200, seed: 7);
        Assert.Equal((0.0, 1.0, 0.0, 0.0), (same.Difference, same.PValue, same.Lower, same.Upper));
        // Two systems that each fix different segments: the p-value is between the extremes and the interval covers 0.
        var other = references.Select((r, i) => i % 5 == 1 ? string.Join(' ', r.Split(' ').Reverse()) : r).ToArray();
        var close = PairedBootstrap.Compare(system, other, references, resamples: 1000, seed: 7);
        Assert.True(close.PValue > 0.05 && close.Lower < 0 && close.Upper > 0, close.ToString());
    }
}
