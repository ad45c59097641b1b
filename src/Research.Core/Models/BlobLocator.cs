using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Core.Models;

/// <summary>
/// The "locate the blob" model of dist2loss.md §4 (Task B): images [N, 1, H, W] → a hidden ReLU layer → logits for
/// each output token, [N, tokens, vocabulary] (x then y as two tokens, or one joint cell token).
/// </summary>
public sealed class BlobLocator : nn.Module<Tensor, Tensor>
{
    private readonly Linear hidden;
    private readonly Linear head;
    private readonly int tokens;
    private readonly int vocabulary;

    public BlobLocator(int pixels, int hiddenUnits, int tokens, int vocabulary) : base(nameof(BlobLocator))
    {
        if (pixels <= 0 || hiddenUnits <= 0 || tokens <= 0 || vocabulary <= 0)
            throw new ArgumentException($"BlobLocator: pixels, hiddenUnits, tokens and vocabulary must be positive, got {pixels}, {hiddenUnits}, {tokens}, {vocabulary}");
        this.tokens = tokens;
        this.vocabulary = vocabulary;
        hidden = nn.Linear(pixels, hiddenUnits);
        head = nn.Linear(hiddenUnits, tokens * vocabulary);
        RegisterComponents();
    }

    public override Tensor forward(Tensor images)
    {
        var h = hidden.call(images.flatten(1)).relu();                        // (N, hidden)
        return head.call(h).view(images.shape[0], tokens, vocabulary);        // (N, tokens, V)
    }
}
