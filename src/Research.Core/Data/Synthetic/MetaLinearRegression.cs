using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Data.Synthetic;

/// <summary>How a number 0-99 is written as output tokens.</summary>
public enum NumberTokenisation
{
    /// <summary>One token per integer: K = 100 (the Llama-3-number / coordinate-token case).</summary>
    OneToken,

    /// <summary>Two digit tokens, tens then units: K = 10 (exercises place-value weighting).</summary>
    TwoDigits,
}

/// <summary>
/// Meta linear regression tasks (dist2loss.md section 4, Task A): a ~ U(-4, 4), b ~ U(30, 70); three context pairs
/// x ~ U(0, 10), y = a x + b + N(0, 1); a query x_q ~ U(0, 10); target clip(round(a x_q + b), 0, 99).
/// </summary>
public sealed record RegressionTasks(Tensor Features, Tensor Values, Tensor Tokens, NumberTokenisation Tokenisation) : IDisposable
{
    /// <summary>Size of the number-token vocabulary: 100 or 10.</summary>
    public int NumberVocabulary => MetaLinearRegression.VocabularyOf(Tokenisation);

    public void Dispose()
    {
        Features.Dispose();
        Values.Dispose();
        Tokens.Dispose();
    }
}

public static class MetaLinearRegression
{
    public const int ContextPairs = 3;

    /// <summary>[x_i/10, y_i/100] for the three pairs, then x_q/10.</summary>
    public const int FeatureCount = 2 * ContextPairs + 1;

    public static int VocabularyOf(NumberTokenisation tokenisation) => tokenisation == NumberTokenisation.OneToken ? 100 : 10;

    public static int[] Encode(int value, NumberTokenisation tokenisation)
    {
        if (value is < 0 or > 99) throw new ArgumentOutOfRangeException(nameof(value), $"value must be in [0, 99], got {value}");
        return tokenisation == NumberTokenisation.OneToken ? [value] : [value / 10, value % 10];
    }

    public static int Decode(IReadOnlyList<int> tokens, NumberTokenisation tokenisation) => tokenisation switch
    {
        NumberTokenisation.OneToken when tokens.Count == 1 => tokens[0],
        NumberTokenisation.TwoDigits when tokens.Count == 2 => 10 * tokens[0] + tokens[1],
        _ => throw new ArgumentException($"tokens has {tokens.Count} entries: expected {(tokenisation == NumberTokenisation.OneToken ? 1 : 2)} for {tokenisation}", nameof(tokens)),
    };

    /// <summary>The raw draws: features [count * 7] row-major and integer targets [count].</summary>
    public static (float[] Features, int[] Values) Sample(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var draw = new GaussianSampler(seed);
        var features = new float[count * FeatureCount];
        var values = new int[count];
        for (var n = 0; n < count; n++)
        {
            var slope = draw.Uniform(-4, 4);
            var intercept = draw.Uniform(30, 70);
            var row = features.AsSpan(n * FeatureCount, FeatureCount);
            for (var i = 0; i < ContextPairs; i++)
            {
                var x = draw.Uniform(0, 10);
                row[2 * i] = (float)(x / 10);
                row[2 * i + 1] = (float)((slope * x + intercept + draw.Normal()) / 100);
            }
            var query = draw.Uniform(0, 10);
            row[^1] = (float)(query / 10);
            values[n] = (int)Math.Clamp(Math.Round(slope * query + intercept), 0, 99);
        }
        return (features, values);
    }

    /// <summary>Features float32 [count, 7], values int64 [count], tokens int64 [count, 1] or [count, 2].</summary>
    public static RegressionTasks Generate(int count, int seed, NumberTokenisation tokenisation)
    {
        var (features, values) = Sample(count, seed);
        var width = tokenisation == NumberTokenisation.OneToken ? 1 : 2;
        var tokens = values.SelectMany(v => Encode(v, tokenisation)).Select(t => (long)t).ToArray();
        return new RegressionTasks(
            torch.tensor(features, [count, FeatureCount]),
            torch.tensor(values.Select(v => (long)v).ToArray()),
            torch.tensor(tokens, [count, width]),
            tokenisation);
    }
}
