using Research.Core.Engine;
using Research.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Guidance;

/// <summary>The authors' recording rules on the kit's models and on TorchSharp's RNN and attention modules.</summary>
public sealed class LayerRecorderTests
{
    private static IReadOnlyList<string> Record(nn.Module<Tensor, Tensor> model, Tensor input, long batch)
    {
        using var recorder = new LayerRecorder(model) { Enabled = true, BatchSize = batch };
        using var scope = NewDisposeScope();
        model.eval();
        model.call(input);
        return recorder.Layers.Select(l => $"{l.Name} [{string.Join(", ", l.Activation.shape)}]").ToList();
    }

    [Fact]
    public void ResNet18_records_its_17_convs_3_shortcut_convs_and_the_pooling_in_forward_order()
    {
        using var model = new ResNet(ResNetConfig.ResNet18(width: 4));
        var layers = Record(model, randn(3, 1, 16, 16), 3);
        Assert.Equal(21, layers.Count);
        Assert.Equal("stem [3, 4, 16, 16]", layers[0]);
        Assert.Equal("stages.stage1_1.conv1 [3, 4, 16, 16]", layers[1]);
        Assert.Contains("stages.stage2_1.shortcut.conv [3, 8, 8, 8]", layers);
        Assert.Equal("pool [3, 32, 1, 1]", layers[^1]);                                   // the head (logits) is dropped
        Assert.Equal(3, layers.Count(l => l.Contains("shortcut.conv")));
        Assert.Equal(20, layers.Count(l => !l.StartsWith("pool")));
    }

    [Theory]
    [InlineData(new[] { 1, 1, 1 }, true, 10)]                          // the note's ResNet-8 guide
    [InlineData(new[] { 3, 3, 3 }, false, 20)]                         // plain-20: 19 convs and the pooling
    public void ResNet8_and_a_plain_net_record_the_note_s_counts(int[] blocks, bool residual, int expected)
    {
        using var model = new ResNet(new ResNetConfig(blocks, Width: 4, Residual: residual));
        Assert.Equal(expected, Record(model, randn(2, 1, 8, 8), 2).Count);
    }

    [Theory]
    [InlineData(20, 20)]
    [InlineData(48, 48)]                                               // the paper's Deep FCN: 48 compared layers
    public void A_deep_FCN_records_one_layer_per_hidden_linear(int depth, int expected)
    {
        using var model = new DeepFcn(new DeepFcnConfig(Inputs: 12, Depth: depth, Width: 8));
        var layers = Record(model, randn(4, 12), 4);
        Assert.Equal(expected, layers.Count);
        Assert.Equal("blocks.0.linear [4, 8]", layers[0]);               // before BN and ReLU
    }

    private sealed class Recurrent : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.RNN rnn = nn.RNN(3, 5, numLayers: 2);
        private readonly TorchSharp.Modules.MultiheadAttention attention = nn.MultiheadAttention(5, 1);
        private readonly TorchSharp.Modules.Linear head = nn.Linear(5, 2);

        public Recurrent() : base(nameof(Recurrent)) => RegisterComponents();

        public override Tensor forward(Tensor x)                          // x [T, N, 3], sequence first
        {
            var (h, _) = rnn.call(x, null);                               // [T, N, 5], state [2, N, 5]
            var (a, _) = attention.call(h, h, h, null, true, null);       // [T, N, 5], weights [N, T, T]
            return head.call(a[-1]);                                      // [N, 2]
        }
    }

    [Fact]
    public void RNN_keeps_its_sequence_attention_is_split_and_the_batch_axis_moves_to_the_front()
    {
        using var model = new Recurrent();
        var layers = Record(model, randn(6, 4, 3), 4);
        Assert.Equal(["rnn [4, 6, 5]", "attention[0] [4, 6, 5]", "attention[1] [4, 6, 6]"], layers);
    }

    [Fact]
    public void A_module_called_twice_is_recorded_twice_and_nothing_is_recorded_while_disabled()
    {
        using var shared = nn.Linear(4, 4);
        using var model = nn.Sequential(("a", shared), ("b", shared), ("head", nn.Linear(4, 2)));
        Assert.Equal(["a [3, 4]", "a#2 [3, 4]"], Record(model, randn(3, 4), 3));
        using var recorder = new LayerRecorder(model) { BatchSize = 3 };
        using var scope = NewDisposeScope();
        model.call(randn(3, 4));
        Assert.Empty(recorder.Layers);
    }

    [Fact]
    public void A_model_without_hooked_types_is_named()
    {
        using var model = nn.Sequential(nn.ReLU());
        Assert.Contains("has no module of the hooked types (Conv2d, Linear",
            Assert.Throws<ArgumentException>(() => new LayerRecorder(model)).Message);
    }
}
