using Research.Core.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Bench;

/// <summary>
/// Which LSTM route is faster at paper 5's shapes (tier Q and quick: 2 layers, d 64, BPTT 35, batch 20 for training,
/// 10 for evaluation): the kit's <see cref="VariationalLstm"/> (input path one GEMM, masked recurrence step by step
/// in C#) against libtorch's fused LSTM (TorchSharp's nn.LSTM) on the same task, and each against python3-torch.
/// Training cases run forward and backward of output.sum() from a zero state with the input requiring grad (as the
/// embedding's output does); evaluation cases run the forward under no_grad.
/// </summary>
public sealed class LstmRouteSuite : IBenchSuite
{
    public const int Layers = 2, Bptt = 35, Batch = 20, EvalBatch = 10;
    private static readonly int[] Sizes = [64, 200];

    public string Name => "lstm-route";
    public string Description => "VariationalLstm step loop vs fused nn.LSTM, 2 layers, BPTT 35, batch 20 (train, fwd+bwd) / 10 (eval, fwd)";

    public IEnumerable<(string Route, string Reference)> Comparisons =>
        Sizes.SelectMany(d => new[]
        {
            ($"vlstm_masked_d{d}", $"fused_lstm_d{d}"),
            ($"vlstm_unmasked_d{d}", $"fused_lstm_d{d}"),
            ($"vlstm_loop_eval_d{d}", $"fused_lstm_eval_d{d}"),
            ($"vlstm_eval_d{d}", $"fused_lstm_eval_d{d}"),
        });

    public IEnumerable<Measurement> Run(int runs)
    {
        foreach (var d in Sizes)
        {
            manual_seed(0);
            using var kit = new VariationalLstm(d, Enumerable.Repeat((long)d, Layers).ToList(), dropout: 0.3);
            using var fused = nn.LSTM(d, d, numLayers: Layers);
            using var x = randn(Bptt, Batch, d).requires_grad_(true);
            using var xEval = randn(Bptt, EvalBatch, d);
            var kitParameters = kit.parameters().Cast<Tensor>().Append(x).ToList();
            var fusedParameters = fused.parameters().Cast<Tensor>().Append(x).ToList();

            kit.train();
            yield return Measurement.Take($"vlstm_masked_d{d}", () => TrainPass(kitParameters, () => kit.call(x, null).Output), runs, 10);
            kit.eval();   // no masks, gradients still on: the same maths as the fused kernel
            yield return Measurement.Take($"vlstm_unmasked_d{d}", () => TrainPass(kitParameters, () => kit.call(x, null).Output), runs, 10);
            yield return Measurement.Take($"fused_lstm_d{d}", () => TrainPass(fusedParameters, () => fused.call(x).Item1), runs, 10);

            // Evaluation: the step loop (the kit's route before it ran the fused kernel in evaluation), the kit's
            // forward (fused kernel with its weights copied in), and nn.LSTM itself.
            CheckSameOutputs(kit, xEval);
            yield return Measurement.Take($"vlstm_loop_eval_d{d}", () => EvalPass(() => StepLoop(kit, xEval)), runs, 10);
            yield return Measurement.Take($"vlstm_eval_d{d}", () => EvalPass(() => kit.call(xEval, null).Output), runs, 10);
            fused.eval();
            yield return Measurement.Take($"fused_lstm_eval_d{d}", () => EvalPass(() => fused.call(xEval).Item1), runs, 10);
        }
    }

    private static void TrainPass(List<Tensor> parameters, Func<Tensor> forward)
    {
        using var scope = NewDisposeScope();
        Gradients.SetToNone(parameters);
        forward().sum().backward();
    }

    private static void EvalPass(Func<Tensor> forward)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        forward();
    }

    // VariationalLstm's forward without masks, written with its public step loop: input path one GEMM, then Recurrence.
    private static Tensor StepLoop(VariationalLstm kit, Tensor x)
    {
        var p = kit.named_parameters().ToDictionary(n => n.name, n => n.parameter);
        var input = x;
        for (var l = 0; l < kit.HiddenSizes.Length; l++)
        {
            var gates = nn.functional.linear(input, p[$"weight_ih_l{l}"], p[$"bias_ih_l{l}"] + p[$"bias_hh_l{l}"]);   // [T, N, 4H]
            var state = zeros(x.shape[1], kit.HiddenSizes[l]);
            input = VariationalLstm.Recurrence(gates, state, state, p[$"weight_hh_l{l}"], null).Output;
        }
        return input;
    }

    private static void CheckSameOutputs(VariationalLstm kit, Tensor x)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        kit.eval();
        var difference = (kit.call(x, null).Output - StepLoop(kit, x)).abs().max().item<float>();
        if (!(difference < 1e-5))
            throw new InvalidOperationException($"VariationalLstm's evaluation route differs from its step loop by {difference}: expected < 1e-5");
    }
}
