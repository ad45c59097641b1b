using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Data.Text;

/// <summary>One truncated-BPTT window: input [batch, len] and target [batch, len], the target shifted one step ahead.</summary>
public sealed record BpttWindow(Tensor Input, Tensor Target) : IDisposable
{
    public void Dispose()
    {
        Input.Dispose();
        Target.Dispose();
    }
}

/// <summary>
/// Truncated back-propagation through time over a token stream, as PyTorch's word_language_model does it but
/// batch-first: the stream is cut into <c>batch</c> contiguous streams (the remainder is dropped), and windows of
/// <c>bptt</c> steps walk along them so that the hidden state can be carried from one window to the next.
/// </summary>
public static class BpttBatches
{
    /// <summary>int64 [batch, steps] with stream b = ids[b*steps .. (b+1)*steps), steps = ids.Length / batch.</summary>
    public static Tensor Batchify(int[] ids, int batch)
    {
        if (batch <= 0) throw new ArgumentOutOfRangeException(nameof(batch), $"batch must be positive, got {batch}");
        var steps = ids.Length / batch;
        if (steps < 2)
            throw new ArgumentException($"ids has {ids.Length} tokens: expected at least {2 * batch} for {batch} streams of 2 steps", nameof(ids));
        var kept = new long[(long)steps * batch];
        for (var i = 0; i < kept.Length; i++) kept[i] = ids[i];
        return torch.tensor(kept, [batch, steps]);
    }

    /// <summary>Number of windows <see cref="Windows"/> yields for streams of <paramref name="steps"/> steps.</summary>
    public static int WindowCount(long steps, int bptt) => (int)((steps - 1 + bptt - 1) / bptt);

    /// <summary>
    /// Windows (input = streams[:, i:i+len], target = streams[:, i+1:i+1+len]) for i = 0, bptt, 2*bptt, ...
    /// with len = min(bptt, steps - 1 - i). The caller owns each window (dispose it, or create it inside a scope).
    /// </summary>
    public static IEnumerable<BpttWindow> Windows(Tensor streams, int bptt)
    {
        if (bptt <= 0) throw new ArgumentOutOfRangeException(nameof(bptt), $"bptt must be positive, got {bptt}");
        if (streams.dim() != 2) throw new ArgumentException($"streams has shape [{string.Join(", ", streams.shape)}]: expected [batch, steps]", nameof(streams));
        var steps = streams.shape[1];
        for (long i = 0; i < steps - 1; i += bptt)
        {
            var length = Math.Min(bptt, steps - 1 - i);
            using var input = streams.narrow(1, i, length);
            using var target = streams.narrow(1, i + 1, length);
            yield return new BpttWindow(input.contiguous(), target.contiguous());
        }
    }
}
