using static TorchSharp.torch;

namespace Research.Core.Data.Synthetic;

/// <summary>
/// Meta-linear-regression tasks written as token sequences for an autoregressive decoder:
/// x₁ y₁ x₂ y₂ x₃ y₃ x_q = y, every number in the output tokenisation (one token 0-99, or tens then units).
/// Context x (in tenths of a unit) and y are rounded and clipped to 0-99. <see cref="Inputs"/> is the sequence
/// without its last token and <see cref="Labels"/> the next tokens, ignored everywhere but at the answer.
/// </summary>
public sealed record RegressionPrompts(Tensor Inputs, Tensor Labels, Tensor Prompts, int[] Values, NumberTokenisation Tokenisation) : IDisposable
{
    /// <summary>Number tokens are 0 .. K−1; the token "=" comes after them.</summary>
    public static int NumberTokens(NumberTokenisation tokenisation) => MetaLinearRegression.VocabularyOf(tokenisation);

    public static int EqualsToken(NumberTokenisation tokenisation) => NumberTokens(tokenisation);

    public static int Vocabulary(NumberTokenisation tokenisation) => NumberTokens(tokenisation) + 1;

    /// <summary>Tokens per number: 1 or 2.</summary>
    public static int Width(NumberTokenisation tokenisation) => tokenisation == NumberTokenisation.OneToken ? 1 : 2;

    /// <summary>Positions the decoder reads at most: the prompt and all but the last answer token.</summary>
    public static int BlockSize(NumberTokenisation tokenisation) => PromptLength(tokenisation) + Width(tokenisation) - 1;

    /// <summary>Seven numbers and "=".</summary>
    public static int PromptLength(NumberTokenisation tokenisation) => MetaLinearRegression.FeatureCount * Width(tokenisation) + 1;

    /// <summary>Each token's value as an input feature: number k of K is k/K, "=" is 0.</summary>
    public static double[] TokenValues(NumberTokenisation tokenisation)
    {
        var k = NumberTokens(tokenisation);
        return [.. Enumerable.Range(0, k).Select(v => v / (double)k), 0.0];
    }

    public int Count => Values.Length;

    public static RegressionPrompts Generate(int count, int seed, NumberTokenisation tokenisation, long ignoreIndex = -100)
    {
        var (features, values) = MetaLinearRegression.Sample(count, seed);
        var width = Width(tokenisation);
        var length = PromptLength(tokenisation) + width;
        var sequences = new long[count * length];
        for (var n = 0; n < count; n++)
        {
            var at = n * length;
            void Write(int number)
            {
                foreach (var token in MetaLinearRegression.Encode(number, tokenisation)) sequences[at++] = token;
            }
            for (var f = 0; f < MetaLinearRegression.FeatureCount; f++)
                Write((int)Math.Clamp(Math.Round(features[n * MetaLinearRegression.FeatureCount + f] * 100.0), 0, 99));   // x/10 → tenths, y/100 → units
            sequences[at++] = EqualsToken(tokenisation);
            Write(values[n]);
        }
        var labels = new long[count * (length - 1)];
        for (var n = 0; n < count; n++)
            for (var t = 0; t < length - 1; t++)
                labels[n * (length - 1) + t] = t >= length - 1 - width ? sequences[n * length + t + 1] : ignoreIndex;
        using var all = tensor(sequences, [count, length]);
        return new RegressionPrompts(
            all.narrow(1, 0, length - 1).clone(),
            tensor(labels, [count, length - 1]),
            all.narrow(1, 0, PromptLength(tokenisation)).clone(),
            values,
            tokenisation);
    }

    public void Dispose()
    {
        Inputs.Dispose();
        Labels.Dispose();
        Prompts.Dispose();
    }
}
