using static TorchSharp.torch;

namespace Research.Core.Data.Text;

/// <summary>
/// Characters of the training inputs as tokens (ile.md 1.4: SMILES split into characters, with &lt;pad&gt; and
/// &lt;unk&gt;), plus a leading &lt;cls&gt; whose output the input encoder reads. Ids: 0 pad, 1 unk, 2 cls, then the
/// characters in ordinal order.
/// </summary>
public sealed class CharacterVocabulary
{
    public const long Pad = 0, Unknown = 1, Classify = 2;
    private readonly Dictionary<char, long> ids;

    public IReadOnlyList<char> Characters { get; }
    public int Count => Characters.Count + 3;

    public CharacterVocabulary(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        Characters = texts.SelectMany(t => t).Distinct().Order().ToArray();
        ids = Characters.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => (long)x.i + 3);
    }

    /// <summary>[N, maxLength] int64: &lt;cls&gt;, the characters (cut at maxLength − 1), then &lt;pad&gt;.</summary>
    public Tensor Encode(IReadOnlyList<string> texts, int maxLength, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (maxLength < 2) throw new ArgumentOutOfRangeException(nameof(maxLength), $"maxLength is {maxLength}: expected >= 2 (<cls> and one character)");
        var data = new long[texts.Count * maxLength];
        for (var i = 0; i < texts.Count; i++)
        {
            data[i * maxLength] = Classify;
            var text = texts[i];
            for (var k = 0; k < Math.Min(text.Length, maxLength - 1); k++)
                data[i * maxLength + k + 1] = ids.GetValueOrDefault(text[k], Unknown);
        }
        return tensor(data, [texts.Count, maxLength], device: device);
    }
}
