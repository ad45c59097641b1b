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
