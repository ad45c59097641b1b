using Research.Core.Data.Text;
using Research.Core.Engine;
using Research.Core.Losses;
using Research.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Training;

/// <summary>
/// Per-token cross entropy of an <see cref="LstmLanguageModel"/> on truncated-BPTT windows, plus the augmented loss
/// (Inan et al.) when configured. The recurrent state is carried from window to window without its graph, and reset
/// at the start of every pass. Terms: "ce" and, with the augmented loss, "augmented" (each summed over tokens).
/// </summary>
public sealed class LanguageModelObjective(LstmLanguageModel model, AugmentedLossOptions? augmentedLoss = null) : IObjective<BpttWindow>, IDisposable
{
    private LstmState? state;

    public void StartPass(bool training) => ResetState();

    public ObjectiveOutput Compute(BpttWindow window)
    {
        var input = window.Input.t();                                  // [len, N]
        var target = window.Target.t().reshape(-1);                    // [len·N], the logits' time-major order
        var output = model.call(input, state);
        var tokens = target.numel();
        var ceSum = nn.functional.cross_entropy(output.Logits, target, reduction: nn.Reduction.Sum);
        var loss = ceSum.over(tokens);
        var terms = new Dictionary<string, double> { ["ce"] = ceSum.item<float>() };
        if (augmentedLoss is not null)
        {
            var al = AugmentedLoss.Compute(output.LogitsWithoutBias, target, model.Embedding, augmentedLoss);
            loss = loss.plus(al);
            terms["augmented"] = (double)al.item<float>() * tokens;
        }
        state?.Dispose();
        state = output.State.Detach().Keep();                          // truncated BPTT: carry the values, not the graph
        return new ObjectiveOutput(loss, new LossSums(terms["ce"], tokens, Terms: terms));
    }

    private void ResetState()
    {
        state?.Dispose();
        state = null;
    }

    public void Dispose() => ResetState();
}

/// <summary>Truncated-BPTT windows over batchified streams [N, T] (the same windows every epoch).</summary>
public sealed class BpttSource(Tensor streams, int bptt) : IBatchSource<BpttWindow>
{
    public int BatchCount => BpttBatches.WindowCount(streams.size(1), bptt);

    public IEnumerable<BpttWindow> Batches(int epoch) => BpttBatches.Windows(streams, bptt);
}
