using Research.Core.Data.Loading;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Data.Synthetic;

/// <summary>A bit string (tokens 0 and 1) and its parity (1 when it holds an odd number of ones).</summary>
public sealed record ParityExample(int[] Bits, int Parity);

/// <summary>The parity task of the Guidance paper (guidance.md section 2): bit strings of length U[min, max], padded with 2.</summary>
public static class ParityTask
{
    public const int Padding = 2;
    public const int VocabularySize = 3;

    public static int ParityOf(IEnumerable<int> bits) => bits.Sum() % 2;

    /// <summary>Bits padded with 2 (with their mask and lengths) and parities int64 [b].</summary>
    public static (PaddedSequences Bits, Tensor Parity) Collate(IReadOnlyList<ParityExample> examples) =>
        (Loading.Collate.Pad(examples.Select(e => e.Bits).ToList(), Padding), Loading.Collate.Labels(examples.Select(e => e.Parity).ToList()));

    /// <summary>Token ids of the parity task as a sequence task: 0 pads, bits are 1 and 2, the query is 3.</summary>
    public const int SequencePad = 0, SequenceQuery = 3, SequenceVocabulary = 4;

    /// <summary>
    /// The example as a sequence task (guidance E3's parity arm): input <c>bits ?</c>, with the parity as a bit token
    /// at the query, the only scored position. A causal model answers after reading every bit, and the kit's sequence
    /// guidance (<c>SequenceGuidanceObjective</c>) serves parity as it serves the copy task.
    /// </summary>
    public static SequenceExample AsSequence(ParityExample example)
    {
        ArgumentNullException.ThrowIfNull(example);
        var bad = Array.FindIndex(example.Bits, b => b is not (0 or 1));
        if (bad >= 0) throw new ArgumentException($"bits[{bad}] is {example.Bits[bad]}: expected 0 or 1", nameof(example));
        var length = example.Bits.Length + 1;
        var input = example.Bits.Select(b => b + 1).Append(SequenceQuery).ToArray();
        var target = new int[length];
        var scored = new bool[length];
        target[^1] = example.Parity + 1;
        scored[^1] = true;
        return new SequenceExample(input, target, scored);
    }

    /// <summary><see cref="Generate"/> as sequence examples (<see cref="AsSequence"/>).</summary>
    public static List<SequenceExample> GenerateSequences(int count, int seed, int minLength = 2, int maxLength = 30) =>
        [.. Generate(count, seed, minLength, maxLength).Select(AsSequence)];

    public static List<ParityExample> Generate(int count, int seed, int minLength = 2, int maxLength = 50)
    {
        if (minLength < 1 || maxLength < minLength)
            throw new ArgumentOutOfRangeException(nameof(minLength), $"lengths [{minLength}, {maxLength}]: expected 1 <= min <= max");
        var random = new Random(seed);
        var examples = new List<ParityExample>(count);
        for (var n = 0; n < count; n++)
        {
            var bits = new int[random.Next(minLength, maxLength + 1)];
            for (var i = 0; i < bits.Length; i++) bits[i] = random.Next(2);
            examples.Add(new ParityExample(bits, ParityOf(bits)));
        }
        return examples;
    }
}
