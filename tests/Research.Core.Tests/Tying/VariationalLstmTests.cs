using Research.Core.Engine;
using Research.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Tying;

/// <summary>
/// Variational dropout: one mask per sequence, the same at every step, shared by recurrence and output. The module
/// agrees with an independent float64 reference cell mask by mask, with nn.LSTM without dropout, and with finite
/// differences.
/// </summary>
public sealed class VariationalLstmTests
{
    private const int Steps = 6, Batch = 3, Input = 3;
    private static readonly long[] Hidden = [4, 5];

    [Fact]
    public void The_output_mask_is_the_same_at_every_time_step()
    {
        using var lstm = new VariationalLstm(4, [6, 6], dropout: 0.5);
        using var scope = NewDisposeScope();
        manual_seed(1);
        var (output, _) = lstm.call(randn(12, 3, 4), null);       // [T, N, H]
        var dropped = output.eq(0);
        var first = dropped[0];
        Assert.True(first.any().item<bool>());
        for (var t = 1; t < 12; t++) Assert.True(dropped[t].Equals(first), $"step {t} uses another mask");
    }

    [Fact]
    public void A_new_forward_pass_draws_new_masks_and_eval_uses_none()
    {
        using var lstm = new VariationalLstm(4, [6], dropout: 0.5);
        using var scope = NewDisposeScope();
        manual_seed(2);
        var x = randn(5, 3, 4);
        var a = lstm.call(x, null).Output.eq(0);
        var b = lstm.call(x, null).Output.eq(0);
        Assert.False(a.Equals(b));
        lstm.eval();
        Assert.False(lstm.call(x, null).Output.eq(0).any().item<bool>());
    }

    /// <summary>Which masks a case applies: drawn ones where named, none elsewhere.</summary>
    public static TheoryData<string> MaskCases() => new() { "none (eval)", "input", "layer 0", "layer 1", "all (train)" };

    [Theory]
    [MemberData(nameof(MaskCases))]
    public void Matches_a_float64_reference_cell_mask_by_mask(string masksApplied)
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        using var lstm = new VariationalLstm(Input, Hidden, dropout: 0.4);
        lstm.to(float64);
        var x = randn([Steps, Batch, Input], float64);
        var state = new LstmState(Hidden.Select(h => randn([Batch, h], float64)).ToArray(), Hidden.Select(h => randn([Batch, h], float64)).ToArray());

        manual_seed(12);
        var drawn = lstm.DrawMasks(Batch);
        Tensor? Use(Tensor mask, string name) => masksApplied == "all (train)" || masksApplied == name ? mask : null;
        var inputMask = Use(drawn.Input, "input");
        var hiddenMasks = drawn.Hidden.Select((m, l) => Use(m, $"layer {l}")).ToArray();
        foreach (var m in new[] { inputMask }.Concat(hiddenMasks).OfType<Tensor>())
        {
            // A mask holds 0 and 1/(1-p), and drops something, so a mask that went astray shows in the outputs.
            Assert.True(m.eq(0).logical_or(m.eq(1 / 0.6)).all().item<bool>());
            Assert.True(m.eq(0).any().item<bool>());
        }

        (Tensor Output, LstmState State) actual;
        if (masksApplied == "none (eval)")
        {
            lstm.eval();
            actual = lstm.call(x, state);
        }
        else if (masksApplied == "all (train)")
        {
            // The ordinary training call draws exactly the masks DrawMasks gives from the same generator state.
            manual_seed(12);
            lstm.train();
            actual = lstm.call(x, state);
        }
        else
        {
            var ones = drawn.Hidden.Select(m => ones_like(m)).ToArray();
            var given = new VariationalMasks(inputMask ?? ones_like(drawn.Input), hiddenMasks.Select((m, l) => m ?? ones[l]).ToArray());
            actual = lstm.forward(x, state, given);
        }

        var expected = ReferenceLstm.Run(Layers(lstm), Values(x), Steps, Batch,
            state.H.Select(Values).ToArray(), state.C.Select(Values).ToArray(),
            inputMask is null ? null : Values(inputMask), hiddenMasks.Select(m => m is null ? null : Values(m)).ToArray());

        AssertClose(expected.Output, actual.Output, "output");
        for (var l = 0; l < Hidden.Length; l++)
        {
            AssertClose(expected.H[l], actual.State.H[l], $"final h of layer {l}");
            AssertClose(expected.C[l], actual.State.C[l], $"final c of layer {l}");
        }
    }

    [Fact]
    public void Parameters_carry_nn_lstm_names_and_without_dropout_nn_lstm_gives_the_same_outputs()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var ours = new VariationalLstm(4, [5, 5], dropout: 0);
        using var reference = nn.LSTM(4, 5, numLayers: 2);
        Assert.Equal(reference.state_dict().Keys, ours.state_dict().Keys);
        Assert.Equal(["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1"],
            ours.state_dict().Keys);
        ours.to(float64);
        reference.to(float64);
        reference.load_state_dict(ours.state_dict());
        var x = randn([7, 2, 4], float64);
        var (h0, c0) = (randn([2, 2, 5], float64), randn([2, 2, 5], float64));
        Assert.True(ours.training);                 // dropout 0: no masks even in training mode
        var (expected, h, c) = reference.call(x, (h0, c0));
        var (output, state) = ours.call(x, new LstmState([h0[0], h0[1]], [c0[0], c0[1]]));
        Assert.True(output.allclose(expected, rtol: 0, atol: 1e-12), $"outputs differ by {(output - expected).abs().max().item<double>():E2}");
        for (var l = 0; l < 2; l++)
        {
            Assert.True(state.H[l].allclose(h[l], rtol: 0, atol: 1e-12), $"h of layer {l}");
            Assert.True(state.C[l].allclose(c[l], rtol: 0, atol: 1e-12), $"c of layer {l}");
        }
    }

    [Fact]
    public void Gradients_of_every_parameter_with_fixed_masks_match_finite_differences()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        using var lstm = new VariationalLstm(3, [4, 3], dropout: 0.3);
        lstm.to(float64);
        var x = randn([4, 2, 3], float64).requires_grad_();
        var masks = lstm.DrawMasks(2);
        var h0 = new[] { randn([2, 4], float64), randn([2, 3], float64) };
        var c0 = new[] { randn([2, 4], float64), randn([2, 3], float64) };
        List<Tensor> leaves = [.. lstm.parameters(), x];
        Assert.All(leaves, p => Assert.Equal(ScalarType.Float64, p.dtype));
        // Output, final h and final c together, so the gradient through the carried state is checked as well.
        var result = GradCheck.Run(() =>
        {
            var (output, state) = lstm.forward(x, new LstmState(h0, c0), masks);
            return cat([output.flatten(), .. state.H.Select(t => t.flatten()), .. state.C.Select(t => t.flatten())]);
        }, leaves);
        Assert.True(result.Passed, result.ToString());
        Assert.Equal(leaves.Sum(p => p.numel()), result.ElementsChecked);
    }

    [Fact]
    public void Masks_of_the_wrong_shape_are_named()
    {
        using var scope = NewDisposeScope();
        using var lstm = new VariationalLstm(3, [4, 5], dropout: 0.5);
        var x = randn(2, 6, 3);
        var good = lstm.DrawMasks(6);
        var e = Assert.Throws<ArgumentException>(() => lstm.forward(x, null, good with { Hidden = [good.Hidden[0], ones(6, 4)] }));
        Assert.Contains("layer 1's mask has shape [6, 4]: expected [6, 5]", e.Message);
        e = Assert.Throws<ArgumentException>(() => lstm.forward(x, null, lstm.DrawMasks(5)));
        Assert.Contains("the input mask has shape [5, 3]: expected [6, 3]", e.Message);
    }

    private static List<ReferenceLstm.Layer> Layers(VariationalLstm lstm)
    {
        var weights = lstm.state_dict();
        var input = (int)lstm.InputSize;
        var layers = new List<ReferenceLstm.Layer>();
        for (var l = 0; l < lstm.HiddenSizes.Length; l++)
        {
            var size = (int)lstm.HiddenSizes[l];
            layers.Add(new(Values(weights[$"weight_ih_l{l}"]), Values(weights[$"weight_hh_l{l}"]),
                Values(weights[$"bias_ih_l{l}"]), Values(weights[$"bias_hh_l{l}"]), input, size));
            input = size;
        }
        return layers;
    }

    private static double[] Values(Tensor t) => t.detach().to(float64).data<double>().ToArray();

    private static void AssertClose(double[] expected, Tensor actual, string what)
    {
        var values = Values(actual);
        Assert.Equal(expected.Length, values.Length);
        var worst = expected.Zip(values, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst < 1e-10, $"{what}: differs from the reference by {worst:E2}");
    }
}
