using Research.Core.Data.Loading;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Data.Synthetic;

/// <summary>One sequence example: input ids, target ids of the same length, and which positions the loss scores.</summary>
public sealed record SequenceExample(int[] Input, int[] Target, bool[] Scored);

/// <summary>A padded batch of sequence examples: input (with its padding mask), target int64 [b, t], scored bool [b, t].</summary>
public sealed record SequenceBatch(PaddedSequences Input, Tensor Target, Tensor Scored) : IDisposable
{
    public static SequenceBatch Of(IReadOnlyList<SequenceExample> examples, int padId)
    {
        var input = Collate.Pad(examples.Select(e => e.Input).ToList(), padId);
        using var target = Collate.Pad(examples.Select(e => e.Target).ToList(), padId);
        return new SequenceBatch(input, target.Tokens.clone(), Collate.PadFlags(examples.Select(e => e.Scored).ToList()));
    }

    public void Dispose()
    {
        Input.Dispose();
        Target.Dispose();
        Scored.Dispose();
    }
}

/// <summary>
/// The copy task of the Guidance paper (guidance.md section 2): L ~ U[min, max] digits s; input <c>s COPY 0…0 EOS</c>,
/// target <c>0…0 s EOS</c>, 13 token ids. The loss is masked by position (the copied digits and EOS), not by token value,
/// so the digit 0 is scored like any other (guidance.md E3).
/// </summary>
public static class CopyTask
{
    public const int Blank = 0;
    public const int Copy = 11;
    public const int End = 12;
    public const int VocabularySize = 13;

    /// <summary>The token of digit d (0-9) is d + 1.</summary>
    public static int DigitToken(int digit) => digit + 1;

    public static SequenceExample Example(IReadOnlyList<int> digits)
    {
        var l = digits.Count;
        if (l == 0) throw new ArgumentException("digits is empty: expected at least one digit to copy", nameof(digits));
        var bad = digits.ToList().FindIndex(d => d is < 0 or > 9);
        if (bad >= 0) throw new ArgumentException($"digits[{bad}] is {digits[bad]}: expected 0-9", nameof(digits));
        var input = new int[2 * l + 2];
        var target = new int[2 * l + 2];
        var scored = new bool[2 * l + 2];
        for (var i = 0; i < l; i++)
        {
            input[i] = DigitToken(digits[i]);
            target[l + 1 + i] = DigitToken(digits[i]);
        }
        input[l] = Copy;
        input[^1] = End;
        target[^1] = End;
        for (var i = l + 1; i < scored.Length; i++) scored[i] = true;
        return new SequenceExample(input, target, scored);
    }

    public static SequenceBatch Collate(IReadOnlyList<SequenceExample> examples) => SequenceBatch.Of(examples, Blank);

    public static List<SequenceExample> Generate(int count, int seed, int minLength = 10, int maxLength = 20)
    {
        if (minLength < 1 || maxLength < minLength)
            throw new ArgumentOutOfRangeException(nameof(minLength), $"lengths [{minLength}, {maxLength}]: expected 1 <= min <= max");
        var random = new Random(seed);
        var examples = new List<SequenceExample>(count);
        for (var n = 0; n < count; n++)
        {
            var digits = new int[random.Next(minLength, maxLength + 1)];
            for (var i = 0; i < digits.Length; i++) digits[i] = random.Next(10);
            examples.Add(Example(digits));
        }
        return examples;
    }
}
